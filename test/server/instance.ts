// One server instance of an integrator's app, in its own Node process: the FaceID code handler on /code and the
// FaceID liveness handler on /verify, mounted with toNodeListener, sharing a code store and an idempotency store in
// memory or in Redis. The session is the `sid` cookie. Started by the multi-instance tests and by bench/server.ts:
//
//   node --import tsx test/server/instance.ts '<InstanceConfig as JSON>'
//
// It reports `{ port }` on its IPC channel once listening, and answers `'stats'` with its memory figures.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import {
  createFaceIdLiveCodeHandler,
  createFaceIdLivenessHandler,
  createMemoryCodeStore,
  createMemoryIdempotencyStore,
  toNodeListener,
} from '../../src/server/index.js';
import { createRedisCodeStore, createRedisIdempotencyStore } from '../../src/server/redis/index.js';
import { PAGE_ORIGIN, SECRET_ID, SECRET_KEY } from './fixtures.js';

export interface InstanceConfig {
  /** The fake Tencent's base URL. */
  upstream: string;
  store: 'memory' | 'redis';
  /** With store 'redis'. */
  redisUrl?: string;
  /** Passed to the liveness handler when set (an option newer than some handlers: tolerated if unknown). */
  maxConcurrentVerifications?: number;
}

export interface InstanceStats {
  /** After a full garbage collection when the process runs with --expose-gc (the bench's instances do). */
  rss: number;
  heapUsed: number;
  /** CPU time this process has used (user + system), in milliseconds. */
  cpuMs: number;
  /** The process's peak RSS so far (getrusage), in bytes. */
  maxRss: number;
}

export const IDENTITY = { idCard: '11010119900307001X', name: '张三' };

const config = JSON.parse(process.argv[2] ?? '{}') as InstanceConfig;

let redis: ReturnType<typeof createClient> | undefined;
if (config.store === 'redis') {
  // As the README wires it: commands fail at once while Redis is away, and the client reconnects by itself.
  redis = createClient({
    ...(config.redisUrl === undefined ? {} : { url: config.redisUrl }),
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
  });
  redis.on('error', () => undefined);
  await redis.connect();
}
const codeStore = redis ? createRedisCodeStore(redis) : createMemoryCodeStore();
const idempotencyStore = redis ? createRedisIdempotencyStore(redis) : createMemoryIdempotencyStore();

const session = (request: Request) => /(?:^|;\s*)sid=([\w-]+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
const common = {
  allowedOrigins: [PAGE_ORIGIN],
  baseUrl: config.upstream,
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  session,
  codeStore,
};

const code = toNodeListener(createFaceIdLiveCodeHandler(common));
const verify = toNodeListener(
  createFaceIdLivenessHandler({
    ...common,
    idempotencyStore,
    identity: async () => IDENTITY,
    ...(config.maxConcurrentVerifications === undefined
      ? {}
      : ({ maxConcurrentVerifications: config.maxConcurrentVerifications } as object)),
  }),
);

const server = createServer((req, res) => {
  if (req.url?.startsWith('/code')) return void code(req, res);
  if (req.url?.startsWith('/verify')) return void verify(req, res);
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));

process.on('message', (message) => {
  if (message !== 'stats') return;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const { user, system } = process.cpuUsage();
  const stats: InstanceStats = {
    rss,
    heapUsed,
    cpuMs: (user + system) / 1000,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.send?.({ stats });
});
// The parent going away ends the instance too: no orphan keeps a port or a Redis connection.
process.on('disconnect', () => process.exit(0));
