// node:http, no framework. The region marked "readme" is the README's `node:http` snippet, word for word
// (test/examples checks it).
// #region readme
import { createServer } from 'node:http';
import { createFaceIdLiveCodeHandler, toNodeListener } from 'liveness-challenge/server';
import { sessionIdFromCookie } from './session.js';

const liveCode = toNodeListener(createFaceIdLiveCodeHandler({
  secretId: process.env.TENCENTCLOUD_SECRET_ID,
  secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
  allowedOrigins: ['https://shop.example'],
  // Codes belong to the visitor's session (401 without one) and are limited per session.
  session: (request) => sessionIdFromCookie(request.headers.get('Cookie')),
  baseUrl: process.env.LIVENESS_BASE_URL, // unset: Tencent's own endpoint
}));

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === '/api/live-code') return void liveCode(req, res);
  if (pathname === '/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
  res.writeHead(404).end();
});
// #endregion readme

const page = `<!doctype html>
<title>liveness-challenge with node:http</title>
<script type="module" src="https://unpkg.com/liveness-challenge"></script>
<liveness-challenge endpoint="/api/live-code"></liveness-challenge>`;

const port = Number(process.env.PORT ?? 3000);
server.listen(port, process.env.HOST ?? 'localhost', () => console.log(`node:http example on port ${port}`));
