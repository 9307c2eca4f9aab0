// Vue compiles <liveness-challenge> as a custom element, not as a Vue component of that name. The code endpoint is
// mounted on Vite's dev and preview servers so the example runs on its own; in production it lives on your server.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { createCosLiveCodeHandler, toNodeListener } from 'liveness-challenge/server';
import { sessionIdFromCookie } from './session';

function liveCodeEndpoint(): Plugin {
  const liveCode = toNodeListener(createCosLiveCodeHandler({
    secretId: process.env.TENCENTCLOUD_SECRET_ID,
    secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
    bucket: 'examplebucket-1250000000', region: 'ap-guangzhou',
    mode: 'proxy',
    allowedOrigins: ['https://shop.example'],
    session: (request) => sessionIdFromCookie(request.headers.get('Cookie')),
    baseUrl: process.env.LIVENESS_BASE_URL, // unset: Tencent's own endpoint
  }));
  const mount = (server: { middlewares: { use(path: string, handler: typeof liveCode): unknown } }) => {
    server.middlewares.use('/api/live-code', liveCode);
  };
  return { name: 'live-code-endpoint', configureServer: mount, configurePreviewServer: mount };
}

export default defineConfig({
  plugins: [
    // #region readme
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'liveness-challenge' } } }),
    // #endregion readme
    liveCodeEndpoint(),
  ],
});
