import { defineConfig, type Plugin } from 'vite';
import { mockSigningEndpoint } from './demo/mock/mock-signing-endpoint.js';

/** Serves the mock signing endpoint from the dev server and from `vite preview`, so the demo needs no set-up. */
function mockSigningEndpointPlugin(): Plugin {
  return {
    name: 'liveness-mock-signing-endpoint',
    configureServer(server) {
      server.middlewares.use(mockSigningEndpoint);
    },
    configurePreviewServer(server) {
      server.middlewares.use(mockSigningEndpoint);
    },
  };
}

export default defineConfig({
  plugins: [mockSigningEndpointPlugin()],
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173 },
});
