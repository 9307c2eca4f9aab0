// React 19 needs no plugin option for custom elements. The code endpoint is mounted on Vite's dev and preview
// servers so the example runs on its own; in production it lives on your server (see the Express example).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { createFaceIdLiveCodeHandler, toNodeListener } from 'liveness-challenge/server';
import { sessionIdFromCookie } from './session';

function liveCodeEndpoint(): Plugin {
  const liveCode = toNodeListener(
    createFaceIdLiveCodeHandler({
      secretId: process.env.TENCENTCLOUD_SECRET_ID,
      secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
      allowedOrigins: ['https://shop.example'],
      session: (request) => sessionIdFromCookie(request.headers.get('Cookie')),
      baseUrl: process.env.LIVENESS_BASE_URL, // unset: Tencent's own endpoint
    }),
  );
  const mount = (server: { middlewares: { use(path: string, handler: typeof liveCode): unknown } }) => {
    server.middlewares.use('/api/live-code', liveCode);
  };
  return { name: 'live-code-endpoint', configureServer: mount, configurePreviewServer: mount };
}

export default defineConfig({ plugins: [react(), liveCodeEndpoint()] });
