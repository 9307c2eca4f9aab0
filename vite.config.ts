import { defineConfig, type Connect, type Plugin } from 'vite';
import { mockSigningEndpoint } from './demo/mock/mock-signing-endpoint.js';
import { liveCodeHandlerFromEnv } from './src/server/from-env.js';
import { toNodeListener } from './src/server/node-adapter.js';

const TENCENT_ENDPOINT_PATH = '/api/live-code';
const tencent = liveCodeHandlerFromEnv(process.env);

/**
 * The demo's signing endpoints: the real handlers of `liveness-challenge/server` when Tencent Cloud credentials are
 * in the environment, and always the built-in mock, so `npm start` works with no set-up.
 */
function signingEndpointsPlugin(): Plugin {
  const mount = (middlewares: Connect.Server) => {
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
  // The page says which endpoint answers; the description names no secret.
  define: {
    __LIVENESS_DEMO_UPSTREAM__: JSON.stringify(
      tencent ? { upstream: 'tencent', endpoint: TENCENT_ENDPOINT_PATH, description: tencent.description } : { upstream: 'mock' },
    ),
  },
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173 },
});
