// A liveness server in its own process, for the tests that must watch it survive hostile uploads: the FaceID
// handler (with a canned upstream answer, so accepted takes are answered too) on POST /liveness, and a health
// check on GET /health that reports the process's memory. Prints `listening <port>` once ready.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaceIdLivenessHandler, toNodeListener } from '../../../src/server/index.js';

const SUCCESS = JSON.stringify({
  Response: { Result: 'Success', Description: '成功', Sim: 90, RequestId: 'child-request' },
});

const liveness = toNodeListener(
  createFaceIdLivenessHandler({
    secretId: 'AKIDchildServerSecretId',
    secretKey: 'child-server-secret-key',
    allowedOrigins: [],
    acceptUnissuedCodes: true,
    session: () => 'child-session',
    identity: async () => ({ idCard: '11010119900307001X', name: '张三' }),
    fetch: async () => new Response(SUCCESS, { headers: { 'Content-Type': 'application/json' } }),
  }),
);

const server = createServer((req, res) => {
  if (req.url === '/health') {
    const health = {
      ok: true,
      rssBytes: process.memoryUsage().rss,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(health));
    return;
  }
  void liveness(req, res);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
