// Issued codes in Redis, for several server instances: a code minted through one verifies once through any other,
// and only for the session that asked for it.
//
// Keys (after the prefix); the handlers pass `session` as a digest of the integrator's session id, never the id:
//   code:<session>:<code>   how many issues of this code to this session are unused; expires with the latest
//   issues:<session>        a sorted set of recent code requests (sliding window), expires with the window
import { nonEmptyString, positiveNumber, scriptRunner } from './client.js';
import type { RedisScriptClient, RedisStoreOptions } from './client.js';
import type { CodeStore } from '../liveness/code-store.js';

// Counted rather than set: the same four digits can be issued twice to one session, and each issue verifies once.
// The expiry only grows, so a second issue never shortens the first one's life.
const REMEMBER = `
local count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

// Read, check and spend in one step: two instances racing on one code cannot both see it unused.
const CONSUME = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count < 1 then return 0 end
if count == 1 then redis.call('DEL', KEYS[1]) else redis.call('DECR', KEYS[1]) end
return 1`;

// A sliding window on Redis's clock (TIME), so instances with skewed clocks count alike. A refused request is not
// recorded: a client hammering the endpoint does not push its own window forward. Answers the wait in milliseconds.
const ADMIT = `
local max, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

const CODE = /^\d{1,16}$/;

/**
 * A `CodeStore` on Redis, shared by every instance given a client of the same Redis. Pass the same store to the code
 * handler and the liveness handler.
 */
export function createRedisCodeStore(client: RedisScriptClient, options: RedisStoreOptions = {}): CodeStore {
  const run = scriptRunner(client, options);

  return {
    async admitIssue(session, max, windowMs) {
      if (!Number.isInteger(max) || max < 1) throw new TypeError('max must be a positive integer');
      const window = Math.ceil(positiveNumber(windowMs, 'windowMs'));
      const key = `issues:${nonEmptyString(session, 'session')}`;
      const wait = await run(ADMIT, key, [max, window, globalThis.crypto.randomUUID()]);
      return Number(wait);
    },
    async remember(session, code, ttlMs) {
      if (typeof code !== 'string' || !CODE.test(code)) throw new TypeError('code must be a string of digits');
      const ttl = Math.ceil(positiveNumber(ttlMs, 'ttlMs'));
      await run(REMEMBER, `code:${nonEmptyString(session, 'session')}:${code}`, [ttl]);
    },
    async consume(session, code) {
      if (typeof code !== 'string' || !CODE.test(code)) return false;
      if (typeof session !== 'string' || session.length === 0) return false;
      return (await run(CONSUME, `code:${session}:${code}`, [])) === 1;
    },
  };
}
