// The same route in the edge runtime, which Next 16 still runs but deprecates (the build says so). The README says
// when it is still worth it.
// #region readme
// app/api/live-code-edge/route.ts
import { createFaceIdLiveCodeHandler } from 'liveness-challenge/server';
import { sessionIdFromCookie } from '../../session';

export const runtime = 'edge';
const handler = createFaceIdLiveCodeHandler({
  secretId: process.env.TENCENTCLOUD_SECRET_ID,
  secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
  allowedOrigins: ['https://shop.example'],
  session: (request) => sessionIdFromCookie(request.headers.get('Cookie')),
  baseUrl: process.env.LIVENESS_BASE_URL,
});
export { handler as GET, handler as POST, handler as OPTIONS };
// #endregion readme
