// Two server instances in two Node processes (instance.ts) sharing one real Redis, as behind a load balancer: codes
// and answers are shared, so a code verifies once across both, and retries of one take verify once in total. The
// fake Tencent (demo/mock/mock-verification-upstream.js) recomputes every signature and counts verifications.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startMockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import type { MockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import {
  IDEMPOTENCY_KEY_HEADER,
  LIVENESS_CODE_FIELD,
  LIVENESS_REFUSAL_STATUS,
  LIVENESS_VIDEO_FIELD,
} from '../../src/server/index.js';
import { PAGE_ORIGIN, SECRET_ID, SECRET_KEY } from './fixtures.js';
import { startInstance } from './instances.js';
import type { Instance } from './instances.js';
import { makeTake } from './media.js';
import { redisSkipReason, startRedisServer } from './redis-server.js';
import type { RedisServer } from './redis-server.js';

const skip = redisSkipReason();
if (skip !== undefined) {
  it('two instances sharing one Redis verify each code and each take once', { skip }, () => undefined);
} else {
  const TAKE = await makeTake();
  let redis: RedisServer;
  let mock: MockVerificationUpstream;
  let a: Instance;
  let b: Instance;

  before(async () => {
    redis = await startRedisServer();
    mock = await startMockVerificationUpstream({ secretId: SECRET_ID, secretKey: SECRET_KEY });
    // Room for the twenty concurrent retries below: the cap on concurrent verifications (4 by default, see
    // verification-limits.test.ts) would answer most of them 503 before they reach the idempotency store.
    const config = {
      upstream: mock.baseUrl,
      store: 'redis',
      redisUrl: redis.url,
      maxConcurrentVerifications: 32,
    } as const;
    [a, b] = await Promise.all([startInstance(config), startInstance(config)]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await mock?.close();
    await redis?.stop();
  });

  const headers = (sid: string, extra: Record<string, string> = {}) => ({
    Origin: PAGE_ORIGIN,
    Cookie: `sid=${sid}`,
    ...extra,
  });

  async function askCode(instance: Instance, sid: string): Promise<Response> {
    return fetch(`${instance.url}/code`, { method: 'POST', headers: headers(sid) });
  }

  async function mint(instance: Instance, sid: string): Promise<string> {
    const response = await askCode(instance, sid);
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { Response: { LiveCode: string } }).Response.LiveCode;
  }

  function upload(instance: Instance, sid: string, code: string, key?: string): Promise<Response> {
    const form = new FormData();
    form.set(LIVENESS_VIDEO_FIELD, new Blob([TAKE], { type: 'video/mp4' }), 'take.mp4');
    form.set(LIVENESS_CODE_FIELD, code);
    return fetch(`${instance.url}/verify`, {
      method: 'POST',
      headers: headers(sid, key ? { [IDEMPOTENCY_KEY_HEADER]: key } : {}),
      body: form,
    });
  }

  async function reason(response: Response): Promise<string | undefined> {
    return ((await response.json()) as { reason?: string }).reason;
  }

  it('a code minted through A verifies once through B; the same upload replayed on A, or by another session, is refused', async () => {
    const code = await mint(a, 'alice');
    const before = mock.state().verifications;
    const mallory = await upload(b, 'mallory', code, 'mallory-take-1');
    assert.equal(mallory.status, LIVENESS_REFUSAL_STATUS['stale-code']);
    assert.equal(await reason(mallory), 'stale-code', 'another session cannot use the code');
    const first = await upload(b, 'alice', code, 'alice-take-1');
    assert.equal(first.status, 200);
    assert.deepEqual(((await first.json()) as { ok: boolean; result: { passed: boolean } }).result.passed, true);
    const replay = await upload(a, 'alice', code, 'alice-take-2');
    assert.equal(replay.status, LIVENESS_REFUSAL_STATUS['stale-code']);
    assert.equal(await reason(replay), 'stale-code');
    const withoutKey = await upload(a, 'alice', code);
    assert.equal(await reason(withoutKey), 'stale-code');
    assert.equal(mock.state().verifications - before, 1, 'one verification upstream in all');
  });

  it('twenty concurrent retries of one take, spread over both instances, cause exactly one upstream verification', async () => {
    const code = await mint(b, 'carol');
    const before = mock.state().verifications;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => upload(index % 2 === 0 ? a : b, 'carol', code, 'carol-take-1')),
    );
    const bodies = await Promise.all(responses.map((response) => response.text()));
    assert.deepEqual(
      responses.map((response) => response.status),
      Array(20).fill(200),
      bodies.join('\n'),
    );
    assert.equal(new Set(bodies).size, 1, 'every retry gets the same answer');
    assert.equal(mock.state().verifications - before, 1);
    assert.equal(responses.filter((response) => response.headers.get('Idempotent-Replayed') === 'true').length, 19);
  });

  it('with Redis stopped both instances answer 503 with Retry-After and call no one; once it is back they work again', async () => {
    const code = await mint(a, 'dave');
    const upstreamCalls = mock.requests.length;
    await redis.stop();
    try {
      const codeAnswer = await askCode(a, 'dave');
      assert.equal(codeAnswer.status, 503, await codeAnswer.clone().text());
      assert.match(codeAnswer.headers.get('Retry-After') ?? '', /^[1-9]\d*$/);
      const uploadAnswer = await upload(b, 'dave', code, 'dave-take-1');
      assert.equal(uploadAnswer.status, 503);
      assert.match(uploadAnswer.headers.get('Retry-After') ?? '', /^[1-9]\d*$/);
      assert.equal(await reason(uploadAnswer), 'unavailable');
      // Without an Idempotency-Key no answer is kept, but the code still has to be spent: 503 all the same.
      const keyless = await upload(a, 'dave', code);
      assert.equal(keyless.status, 503, await keyless.clone().text());
      assert.equal(mock.requests.length, upstreamCalls, 'no upstream call without its store');
    } finally {
      await redis.start();
    }
    // The clients reconnect by themselves: no restart of the instances.
    let answer = await askCode(a, 'erin');
    for (let attempt = 0; answer.status === 503 && attempt < 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      answer = await askCode(a, 'erin');
    }
    assert.equal(answer.status, 200);
    const fresh = ((await answer.json()) as { Response: { LiveCode: string } }).Response.LiveCode;
    const verified = await upload(b, 'erin', fresh, 'erin-take-1');
    assert.equal(verified.status, 200, await verified.clone().text());
  });
}
