// One answer per take across instances: the first request of an Idempotency-Key claims it in Redis with a pending
// marker (SET NX PX) and runs the verification; a retry that lands on any instance meanwhile waits for that answer,
// polling, instead of calling Tencent a second time.
//
// Key (after the prefix): idempotency:<key>, holding JSON, either
//   {"fingerprint":…,"pending":"<random owner id>"}   while the first request runs (expires after pendingTtlMs)
//   {"fingerprint":…,"status":200,"body":"…"}         its answer, for ttlMs
import { RedisStoreError, nonEmptyString, positiveNumber, scriptRunner } from './client.js';
import type { RedisScriptClient, RedisStoreOptions } from './client.js';
import type { IdempotencyStore, StoredAnswer } from '../verify/idempotency.js';

export interface RedisIdempotencyStoreOptions extends RedisStoreOptions {
  /**
   * How long a claim may stay pending, in milliseconds: if the instance running the verification dies, retries run
   * again after this. Keep it above the liveness handler's `timeoutMs` plus the checks. Default 120000.
   */
  pendingTtlMs?: number | undefined;
  /**
   * How long a retry waits for the first request's answer before it rejects (a 503), in milliseconds. Default 60000.
   */
  maxWaitMs?: number | undefined;
  /** How often a waiting retry looks for the answer, in milliseconds. Default 100. */
  pollIntervalMs?: number | undefined;
}

// The claim, or what holds the key already; polled by waiters too, so a claim its producer gave up is taken over.
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])`;

// Both only act while the key still holds this request's own pending marker, never another request's claim.
const SETTLE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

const DEFAULT_PENDING_TTL_MS = 120_000;
const DEFAULT_MAX_WAIT_MS = 60_000;
const DEFAULT_POLL_INTERVAL_MS = 100;

type Held = { fingerprint: string; pending: string } | { fingerprint: string; answer: StoredAnswer };

function parseHeld(value: unknown): Held {
  let parsed: unknown;
  try {
    parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
  } catch {
    parsed = undefined;
  }
  const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const { fingerprint, pending, status, body } = fields;
  if (typeof fingerprint === 'string') {
    if (typeof pending === 'string') return { fingerprint, pending };
    if (Number.isInteger(status) && typeof body === 'string')
      return { fingerprint, answer: { status: status as number, body } };
  }
  throw new RedisStoreError('An idempotency key in Redis holds something this store did not write');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An `IdempotencyStore` on Redis: retries of one take reaching different instances cause one verification. */
export function createRedisIdempotencyStore(
  client: RedisScriptClient,
  options: RedisIdempotencyStoreOptions = {},
): IdempotencyStore {
  const run = scriptRunner(client, options);
  const pendingTtlMs = Math.ceil(positiveNumber(options.pendingTtlMs ?? DEFAULT_PENDING_TTL_MS, 'pendingTtlMs'));
  const maxWaitMs = positiveNumber(options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS, 'maxWaitMs');
  const pollIntervalMs = positiveNumber(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, 'pollIntervalMs');

  async function produceAsOwner(
    key: string,
    marker: string,
    fingerprint: string,
    produce: () => Promise<StoredAnswer>,
    ttlMs: number,
  ) {
    let answer: StoredAnswer;
    try {
      answer = await produce();
    } catch (error) {
      // Best effort: if Redis is gone too, the marker expires by itself after pendingTtlMs.
      await run(RELEASE, key, [marker]).catch(() => undefined);
      throw error;
    }
    // The answer is already decided (and the code spent): the caller gets it even if Redis cannot keep it.
    const held = JSON.stringify({ fingerprint, status: answer.status, body: answer.body });
    await run(SETTLE, key, [marker, held, Math.ceil(ttlMs)]).catch(() => undefined);
    return { answer, reused: false };
  }

  return {
    async run(key, fingerprint, produce, ttlMs) {
      const redisKey = `idempotency:${nonEmptyString(key, 'key')}`;
      nonEmptyString(fingerprint, 'fingerprint');
      if (typeof produce !== 'function') throw new TypeError('produce must be a function');
      positiveNumber(ttlMs, 'ttlMs');
      const marker = JSON.stringify({ fingerprint, pending: globalThis.crypto.randomUUID() });
      const deadline = Date.now() + maxWaitMs;
      for (;;) {
        const current = await run(CLAIM, redisKey, [marker, pendingTtlMs]);
        if (current === null) return produceAsOwner(redisKey, marker, fingerprint, produce, ttlMs);
        const held = parseHeld(current);
        if (held.fingerprint !== fingerprint) return 'mismatch';
        if ('answer' in held) return { answer: held.answer, reused: true };
        if (Date.now() + pollIntervalMs > deadline)
          throw new RedisStoreError('The first request of this key did not finish in time');
        await sleep(pollIntervalMs);
      }
    },
  };
}
