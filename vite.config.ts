import { defineConfig, type Connect, type Plugin } from 'vite';
import { mockSigningEndpoint } from './demo/mock/mock-signing-endpoint.js';
import { mockVerificationControl } from './demo/mock/mock-verification-upstream.js';
import { startVerificationLoop, type DemoLoop } from './demo/verification-loop.js';
import { liveCodeHandlerFromEnv } from './demo/from-env.js';
import { toNodeListener } from './src/server/http/node-adapter.js';

const TENCENT_ENDPOINT_PATH = '/api/live-code';
const tencent = liveCodeHandlerFromEnv(process.env);

/**
 * The demo's signing endpoints: the real handlers of `liveness-challenge/server` when Tencent Cloud credentials are
 * in the environment, and always the built-in mock, so `npm start` works with no set-up.
 */
function signingEndpointsPlugin(): Plugin {
  const mount = async (
    middlewares: Connect.Server,
    log: (line: string) => void,
    onClose: (close: () => void) => void,
  ) => {
    if (tencent)
      middlewares.use(
        TENCENT_ENDPOINT_PATH,
        (request, response) => void toNodeListener(tencent.handler)(request, response),
      );
    middlewares.use(mockSigningEndpoint);
    const loop: DemoLoop | undefined = await startVerificationLoop(process.env);
    if (!loop) return;
    for (const [path, listener] of Object.entries(loop.routes))
      middlewares.use(path, (request, response) => void listener(request, response));
    if (loop.mock) middlewares.use(mockVerificationControl(loop.mock));
    log(`  verification loop: ${loop.description}`);
    onClose(() => void loop.close());
  };
  return {
    name: 'liveness-signing-endpoints',
    async configureServer(server) {
      const log = (line: string) => server.config.logger.info(line);
      log(
        `  signing endpoint: ${tencent ? tencent.description : 'built-in mock (set TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, COS_BUCKET, COS_REGION for Tencent Cloud)'}`,
      );
      await mount(server.middlewares, log, (close) => server.httpServer?.on('close', close));
    },
    async configurePreviewServer(server) {
      await mount(
        server.middlewares,
        (line) => server.config.logger.info(line),
        (close) => server.httpServer?.on('close', close),
      );
    },
  };
}

export default defineConfig({
  plugins: [signingEndpointsPlugin()],
  // The page says which endpoint answers; the description names no secret.
  define: {
    __LIVENESS_DEMO_UPSTREAM__: JSON.stringify(
      tencent
        ? { upstream: 'tencent', endpoint: TENCENT_ENDPOINT_PATH, description: tencent.description }
        : { upstream: 'mock' },
    ),
  },
  // Only the demo page is served from this root. Left to itself, Vite's dependency scan also crawls the framework demos
  // and examples, whose `liveness-challenge/…` imports resolve only under their own configs, and warns on every start.
  optimizeDeps: { entries: ['index.html'] },
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173 },
});
