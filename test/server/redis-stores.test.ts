// The Redis stores against a real Redis (redis-server started by the suite, see redis-server.ts), through the official
// node-redis client, as an integrator wires them. Two clients stand for two server instances sharing one Redis.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { RedisStoreError, createRedisCodeStore, createRedisIdempotencyStore } from '../../src/server/redis/index.js';
import type { StoredAnswer } from '../../src/server/index.js';
import { redisSkipReason, startRedisServer } from './redis-server.js';
import type { RedisServer } from './redis-server.js';

const skip = redisSkipReason();
if (skip !== undefined) {
  it('the Redis stores run against a real Redis', { skip }, () => undefined);
} else {
  let redis: RedisServer;
  /** A client as the README wires it: no offline queue, reconnecting every 50 ms. */
  const makeClient = () =>
    createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: 50 } });
  const clients: ReturnType<typeof makeClient>[] = [];

  async function connect() {
    const client = makeClient();
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  }

  async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  function deferred<T>() {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  let prefixCount = 0;
  /** A fresh namespace per test, so tests never see each other's keys. */
  const freshPrefix = () => `test-${process.pid}-${(prefixCount += 1)}:`;

  before(async () => {
    redis = await startRedisServer();
  });

  after(async () => {
    for (const client of clients) client.destroy();
    await redis.stop();
  });

  describe('createRedisCodeStore', () => {
    it('a code remembered through one instance is consumed once through another, only for its session', async () => {
      const prefix = freshPrefix();
      const a = createRedisCodeStore(await connect(), { prefix });
      const b = createRedisCodeStore(await connect(), { prefix });
      await a.remember('alice', '0521', 60_000);
      assert.equal(await b.consume('mallory', '0521'), false, 'another session');
      assert.equal(await b.consume('alice', '0522'), false, 'another code');
      assert.equal(await b.consume('alice', '0521'), true);
      assert.equal(await a.consume('alice', '0521'), false, 'a second use');
    });

    it('each issue of a code verifies once: issued twice to one session, it verifies twice, not three times', async () => {
      const store = createRedisCodeStore(await connect(), { prefix: freshPrefix() });
      await store.remember('alice', '4392', 60_000);
      await store.remember('alice', '4392', 60_000);
      assert.deepEqual(
        [
          await store.consume('alice', '4392'),
          await store.consume('alice', '4392'),
          await store.consume('alice', '4392'),
        ],
        [true, true, false],
      );
    });

    it('twenty racing consumes of one code on two instances: exactly one wins', async () => {
      const prefix = freshPrefix();
      const stores = [
        createRedisCodeStore(await connect(), { prefix }),
        createRedisCodeStore(await connect(), { prefix }),
      ];
      await stores[0]!.remember('alice', '7788', 60_000);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) => stores[index % 2]!.consume('alice', '7788')),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('admits max requests per window and session, then answers the wait; racing instances count together', async () => {
      const prefix = freshPrefix();
      const stores = [
        createRedisCodeStore(await connect(), { prefix }),
        createRedisCodeStore(await connect(), { prefix }),
      ];
      const waits = await Promise.all(
        Array.from({ length: 10 }, (_, index) => stores[index % 2]!.admitIssue('alice', 3, 60_000)),
      );
      assert.equal(waits.filter((wait) => wait === 0).length, 3, `waits: ${waits}`);
      for (const wait of waits.filter((wait) => wait !== 0)) assert.ok(wait > 0 && wait <= 60_000, `wait ${wait}`);
      assert.equal(await stores[1]!.admitIssue('bob', 3, 60_000), 0, 'another session has its own window');
    });

    it('keeps its keys under the prefix, with the TTL given', async () => {
      const client = await connect();
      const prefix = freshPrefix();
      const store = createRedisCodeStore(client, { prefix });
      await store.admitIssue('session-id-alice', 6, 60_000);
      await store.remember('session-id-alice', '0521', 30_000);
      const keys = await client.keys(`${prefix}*`);
      assert.equal(keys.length, 2, keys.join(', '));
      for (const key of keys) {
        const ttl = await client.pTTL(key);
        assert.ok(ttl > 0 && ttl <= 60_000, `${key}: PTTL ${ttl}`);
      }
      const codeKey = keys.find((key) => key.endsWith(':0521'))!;
      assert.ok((await client.pTTL(codeKey)) <= 30_000);
      assert.deepEqual(await client.keys('liveness-challenge:*'), [], 'the default prefix is unused');
    });

    it('refuses bad input with a TypeError, and a bad code or session never consumes', async () => {
      const store = createRedisCodeStore(await connect(), { prefix: freshPrefix() });
      await assert.rejects(store.remember('alice', '12ab', 60_000), TypeError);
      await assert.rejects(store.remember('alice', '1234', 0), TypeError);
      await assert.rejects(store.remember('', '1234', 60_000), TypeError);
      await assert.rejects(store.admitIssue('alice', 0, 60_000), TypeError);
      await assert.rejects(store.admitIssue('alice', 3, Number.NaN), TypeError);
      assert.equal(await store.consume('alice', '*'), false);
      assert.equal(await store.consume(undefined as unknown as string, '1234'), false);
      assert.throws(() => createRedisCodeStore({} as never), TypeError);
      assert.throws(() => createRedisCodeStore({ eval: async () => null }, { commandTimeoutMs: -1 }), TypeError);
    });
  });

  describe('createRedisIdempotencyStore', () => {
    const ANSWER: StoredAnswer = { status: 200, body: '{"ok":true,"result":{"passed":true}}' };

    it('twenty concurrent runs of one key over two instances produce once, and all get that answer', async () => {
      const prefix = freshPrefix();
      const stores = [
        createRedisIdempotencyStore(await connect(), { prefix, pollIntervalMs: 10 }),
        createRedisIdempotencyStore(await connect(), { prefix, pollIntervalMs: 10 }),
      ];
      let produced = 0;
      const upstream = deferred<StoredAnswer>();
      const runs = Array.from({ length: 20 }, (_, index) =>
        stores[index % 2]!.run(
          'key-one',
          'fp',
          () => {
            produced += 1;
            return upstream.promise;
          },
          60_000,
        ),
      );
      await until(() => produced > 0);
      upstream.resolve(ANSWER);
      const outcomes = await Promise.all(runs);
      assert.equal(produced, 1);
      for (const outcome of outcomes) assert.notEqual(outcome, 'mismatch');
      const settled = outcomes as { answer: StoredAnswer; reused: boolean }[];
      assert.deepEqual(
        settled.map((outcome) => outcome.answer),
        Array(20).fill(ANSWER),
      );
      assert.equal(settled.filter((outcome) => !outcome.reused).length, 1);
    });

    it('a key known with another fingerprint is a mismatch, while pending and after', async () => {
      const store = createRedisIdempotencyStore(await connect(), { prefix: freshPrefix() });
      const upstream = deferred<StoredAnswer>();
      const first = store.run('key-two', 'fp-1', () => upstream.promise, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await store.run('key-two', 'fp-2', async () => ANSWER, 60_000), 'mismatch');
      upstream.resolve(ANSWER);
      assert.deepEqual(await first, { answer: ANSWER, reused: false });
      assert.equal(await store.run('key-two', 'fp-2', async () => ANSWER, 60_000), 'mismatch');
      assert.deepEqual(await store.run('key-two', 'fp-1', async () => ({ status: 500, body: 'x' }), 60_000), {
        answer: ANSWER,
        reused: true,
      });
    });

    it('a producer that throws leaves nothing behind: a waiting retry takes over, and produces once', async () => {
      const prefix = freshPrefix();
      const a = createRedisIdempotencyStore(await connect(), { prefix, pollIntervalMs: 10 });
      const b = createRedisIdempotencyStore(await connect(), { prefix, pollIntervalMs: 10 });
      const failing = deferred<StoredAnswer>();
      let started = false;
      const first = a.run(
        'key-three',
        'fp',
        () => {
          started = true;
          return failing.promise;
        },
        60_000,
      );
      await until(() => started);
      let retried = 0;
      const retry = b.run(
        'key-three',
        'fp',
        async () => {
          retried += 1;
          return ANSWER;
        },
        60_000,
      );
      failing.reject(new Error('the upstream call threw'));
      await assert.rejects(first, /the upstream call threw/);
      assert.deepEqual(await retry, { answer: ANSWER, reused: false });
      assert.equal(retried, 1);
      assert.deepEqual(await a.run('key-three', 'fp', async () => ({ status: 500, body: 'x' }), 60_000), {
        answer: ANSWER,
        reused: true,
      });
    });

    it('keeps the answer for ttlMs under the prefix; a waiter gives up after maxWaitMs with a RedisStoreError', async () => {
      const client = await connect();
      const prefix = freshPrefix();
      const store = createRedisIdempotencyStore(client, { prefix, maxWaitMs: 100, pollIntervalMs: 10 });
      await store.run('key-four', 'fp', async () => ANSWER, 20_000);
      const ttl = await client.pTTL(`${prefix}idempotency:key-four`);
      assert.ok(ttl > 0 && ttl <= 20_000, `PTTL ${ttl}`);
      const never = deferred<StoredAnswer>();
      const stuck = store.run('key-five', 'fp', () => never.promise, 20_000);
      await assert.rejects(
        store.run('key-five', 'fp', async () => ANSWER, 20_000),
        RedisStoreError,
      );
      never.resolve(ANSWER);
      await stuck;
    });

    it('refuses bad input with a TypeError', async () => {
      const store = createRedisIdempotencyStore(await connect(), { prefix: freshPrefix() });
      await assert.rejects(
        store.run('', 'fp', async () => ANSWER, 1000),
        TypeError,
      );
      await assert.rejects(
        store.run('key', 'fp', async () => ANSWER, 0),
        TypeError,
      );
      assert.throws(() => createRedisIdempotencyStore(clients[0]!, { maxWaitMs: 0 }), TypeError);
    });
  });

  describe('when Redis goes away', () => {
    it('store calls reject with a RedisStoreError while it is down, and work again once it is back', async () => {
      const prefix = freshPrefix();
      // node-redis's defaults here (offline queue on): a queued call would act late, after its request had its 503.
      const client = createClient({ url: redis.url, socket: { reconnectStrategy: 50 } });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      const codes = createRedisCodeStore(client, { prefix, commandTimeoutMs: 200 });
      const answers = createRedisIdempotencyStore(client, { prefix, commandTimeoutMs: 200 });
      await codes.remember('alice', '0521', 60_000);
      await redis.stop();
      await until(() => !client.isReady);
      await assert.rejects(codes.consume('alice', '0521'), RedisStoreError);
      await assert.rejects(codes.admitIssue('alice', 6, 60_000), RedisStoreError);
      await assert.rejects(codes.remember('alice', '0521', 60_000), RedisStoreError);
      let produced = 0;
      await assert.rejects(
        answers.run('key', 'fp', async () => ((produced += 1), { status: 200, body: '' }), 60_000),
        RedisStoreError,
      );
      assert.equal(produced, 0, 'nothing runs without its claim');
      await redis.start();
      await until(() => client.isReady);
      // A fresh Redis (persistence is off): the code issued before is gone, and no call made while it was down acted
      // late; new calls work.
      assert.equal(await codes.consume('alice', '0521'), false);
      await codes.remember('alice', '0522', 60_000);
      assert.equal(await codes.consume('alice', '0522'), true);
    });

    it('a store call made while the client is still connecting waits for the connection (a serverless cold start)', async () => {
      const client = makeClient();
      client.on('error', () => undefined);
      clients.push(client);
      const codes = createRedisCodeStore(client, { prefix: freshPrefix() });
      const connecting = client.connect();
      assert.equal(client.isReady, false);
      await codes.remember('alice', '0521', 60_000);
      assert.equal(await codes.consume('alice', '0521'), true);
      await connecting;
    });

    it('a Redis that holds the connection but answers nothing fails the call after commandTimeoutMs', async () => {
      const client = await connect();
      const codes = createRedisCodeStore(client, { prefix: freshPrefix(), commandTimeoutMs: 200 });
      redis.pause();
      try {
        await assert.rejects(
          codes.consume('alice', '0521'),
          (error: Error) => error instanceof RedisStoreError && /200 ms/.test(error.message),
        );
      } finally {
        redis.resume();
      }
      assert.equal(await codes.consume('alice', '0521'), false);
    });

    it('a process too busy to read the answer in time still gets it, rather than a timeout for a call Redis answered', async () => {
      const client = await connect();
      const codes = createRedisCodeStore(client, { prefix: freshPrefix(), commandTimeoutMs: 200 });
      await codes.remember('alice', '0521', 60_000);
      // The command goes out while Redis is paused; Redis answers while this process is blocked past the deadline, as
      // a handler busy with uploads would be: the answer waits in the socket when the deadline's timer runs.
      redis.pause();
      const consumed = codes.consume('alice', '0521');
      await new Promise((resolve) => setTimeout(resolve, 50));
      redis.resume();
      // Blocked in the check phase (setImmediate), so the next loop iteration starts with the timers, as it would
      // after any long callback.
      await new Promise<void>((resolve) =>
        setImmediate(() => {
          const blockedUntil = Date.now() + 400;
          while (Date.now() < blockedUntil);
          resolve();
        }),
      );
      assert.equal(await consumed, true);
    });
  });
}
