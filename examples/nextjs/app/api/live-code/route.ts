// The README's Next.js route handler is this file (test/examples checks it).
// #region readme
// app/api/live-code/route.ts: the Node.js runtime, Next's default.
import { createFaceIdLiveCodeHandler } from 'liveness-challenge/server';
import { sessionIdFromCookie } from '../../session';

// Built when `next build` evaluates the module, where the secrets may be absent: a missing one is reported
// (500 and one console error) on the first request, not thrown here.
const handler = createFaceIdLiveCodeHandler({
  secretId: process.env.TENCENTCLOUD_SECRET_ID,
  secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
  allowedOrigins: ['https://shop.example'],
  session: (request) => sessionIdFromCookie(request.headers.get('Cookie')),
  baseUrl: process.env.LIVENESS_BASE_URL, // unset: Tencent's own endpoint
});
export { handler as GET, handler as POST, handler as OPTIONS };
// #endregion readme
