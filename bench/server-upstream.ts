// The bench's fake Tencent (FaceID shape), in its own process so its work is not counted in the handler's: reads the
// whole request, then answers after a fixed latency. It checks nothing (the tests' mock checks signatures); it only
// has to cost as little as a real remote service costs this machine.
//
//   node --import tsx bench/server-upstream.ts <latencyMs>     reports { port } on its IPC channel
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const latencyMs = Number(process.argv[2] ?? 20);
let requests = 0;

const server = createServer(async (req, res) => {
  for await (const _chunk of req);
  requests += 1;
  const action = String(req.headers['x-tc-action'] ?? '');
  const response =
    action === 'GetLiveCode'
      ? { LiveCode: String(Math.floor(Math.random() * 10000)).padStart(4, '0') }
      : { Result: 'Success', Description: '成功', Sim: 88.5, BestFrameBase64: '/9j/bench-best-frame' };
  setTimeout(() => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ Response: { ...response, RequestId: `bench-${requests}` } }));
  }, latencyMs);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message === 'requests') process.send?.({ requests });
});
process.on('disconnect', () => process.exit(0));
