// Cloudflare Workers. The region marked "readme" is the README's Workers snippet, word for word (test/examples
// checks it). `npm run build` bundles it as wrangler would; `npm start` runs the bundle in workerd, the Workers
// runtime, with config.capnp standing in for wrangler.toml.
// #region readme
import { createCosLiveCodeHandler } from 'liveness-challenge/server';
import { sessionIdFromCookie } from './session.js';

// Secrets come from env bindings, so the handler is built on the first request, once per isolate.
let liveCode;
function liveCodeHandler(env) {
  liveCode ??= createCosLiveCodeHandler({
    secretId: env.TENCENTCLOUD_SECRET_ID,
    secretKey: env.TENCENTCLOUD_SECRET_KEY,
    bucket: env.COS_BUCKET,
    region: env.COS_REGION,
    mode: 'proxy',
    allowedOrigins: ['https://shop.example'],
    session: (request) => sessionIdFromCookie(request.headers.get('Cookie')), // may be async
    baseUrl: env.LIVENESS_BASE_URL || undefined, // unset: Tencent's own endpoint
  });
  return liveCode;
}

export default {
  fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/live-code') return liveCodeHandler(env)(request);
    if (pathname === '/') return new Response(page, { headers: { 'Content-Type': 'text/html' } });
    return new Response('Not found', { status: 404 });
  },
};
// #endregion readme

const page = `<!doctype html>
<title>liveness-challenge on Cloudflare Workers</title>
<script type="module" src="https://unpkg.com/liveness-challenge"></script>
<liveness-challenge endpoint="/api/live-code"></liveness-challenge>`;
