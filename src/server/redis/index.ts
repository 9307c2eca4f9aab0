// Public entry of `liveness-challenge/server/redis`: the code and idempotency stores on Redis, for several server
// instances. Exports only, no side effects; the Redis client itself is the integrator's (node-redis), never bundled.
export { RedisStoreError } from './client.js';
export type { RedisScriptClient, RedisStoreOptions } from './client.js';
export { createRedisCodeStore } from './code-store.js';
export { createRedisIdempotencyStore } from './idempotency-store.js';
export type { RedisIdempotencyStoreOptions } from './idempotency-store.js';
