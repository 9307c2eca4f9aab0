// Express. The region marked "readme" is the README's Express snippet, word for word (test/examples checks it).
// #region readme
import express from 'express';
import { createCosLiveCodeHandler, toNodeListener } from 'liveness-challenge/server';
import { sessionIdFromCookie } from './session.js';

const app = express();
app.all('/api/live-code', toNodeListener(createCosLiveCodeHandler({
  secretId: process.env.TENCENTCLOUD_SECRET_ID,
  secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
  bucket: 'examplebucket-1250000000', region: 'ap-guangzhou',
  allowedOrigins: ['https://shop.example'],
  // Codes belong to the visitor's session (401 without one) and are limited per session.
  session: (request) => sessionIdFromCookie(request.headers.get('Cookie')),
  baseUrl: process.env.LIVENESS_BASE_URL, // unset: Tencent's own endpoint
})));
// #endregion readme

app.get('/', (req, res) => {
  res.type('html').send(`<!doctype html>
<title>liveness-challenge with Express</title>
<script type="module" src="https://unpkg.com/liveness-challenge"></script>
<liveness-challenge endpoint="/api/live-code"></liveness-challenge>`);
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? 'localhost', () => console.log(`Express example on port ${port}`));
