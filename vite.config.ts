import { defineConfig, type Connect, type Plugin } from 'vite';
import { mockSigningEndpoint } from './demo/mock/mock-signing-endpoint.js';
import { liveCodeHandlerFromEnv } from './src/server/from-env.js';
import { toNodeListener } from './src/server/node-adapter.js';

/** Where the demo page asks which signing endpoint answers (the page shows it). */
const DEMO_CONFIG_PATH = '/demo-config.json';
const TENCENT_ENDPOINT_PATH = '/api/live-code';

/**
 * The demo's signing endpoints: the real handlers of `liveness-challenge/server` when Tencent Cloud credentials are
 * in the environment, and always the built-in mock, so `npm start` works with no set-up.
 */
function signingEndpointsPlugin(): Plugin {
  const tencent = liveCodeHandlerFromEnv(process.env);
  const demoConfig = JSON.stringify(
    tencent ? { upstream: 'tencent', endpoint: TENCENT_ENDPOINT_PATH, description: tencent.description } : { upstream: 'mock' },
  );
  const mount = (middlewares: Connect.Server) => {
    middlewares.use(DEMO_CONFIG_PATH, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(demoConfig);
    });
    if (tencent) middlewares.use(TENCENT_ENDPOINT_PATH, (request, response) => void toNodeListener(tencent.handler)(request, response));
    middlewares.use(mockSigningEndpoint);
  };
  return {
    name: 'liveness-signing-endpoints',
    configureServer(server) {
      server.config.logger.info(`  signing endpoint: ${tencent ? tencent.description : 'built-in mock (set TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, COS_BUCKET, COS_REGION for Tencent Cloud)'}`);
      mount(server.middlewares);
    },
    configurePreviewServer(server) {
      mount(server.middlewares);
    },
  };
}

export default defineConfig({
  plugins: [signingEndpointsPlugin()],
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173 },
});
