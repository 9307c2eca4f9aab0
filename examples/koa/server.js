// Koa. The region marked "readme" is the README's Koa snippet, word for word (test/examples checks it).
// #region readme
import Koa from 'koa';
import { createCosLiveCodeHandler, toNodeListener } from 'liveness-challenge/server';
import { sessionIdFromCookie } from './session.js';

const liveCode = toNodeListener(createCosLiveCodeHandler({
  secretId: process.env.TENCENTCLOUD_SECRET_ID,
  secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
  bucket: 'examplebucket-1250000000', region: 'ap-guangzhou',
  mode: 'proxy',
  allowedOrigins: ['https://shop.example'],
  // Codes belong to the visitor's session (401 without one) and are limited per session.
  session: (request) => sessionIdFromCookie(request.headers.get('Cookie')),
  baseUrl: process.env.LIVENESS_BASE_URL, // unset: Tencent's own endpoint
}));

const app = new Koa();
app.use(async (ctx, next) => {
  if (ctx.path !== '/api/live-code') return next();
  ctx.respond = false; // the listener writes the answer itself
  await liveCode(ctx.req, ctx.res);
});
// #endregion readme

app.use((ctx) => {
  if (ctx.path !== '/') return;
  ctx.type = 'html';
  ctx.body = `<!doctype html>
<title>liveness-challenge with Koa</title>
<script type="module" src="https://unpkg.com/liveness-challenge"></script>
<liveness-challenge endpoint="/api/live-code"></liveness-challenge>`;
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? 'localhost', () => console.log(`Koa example on port ${port}`));
