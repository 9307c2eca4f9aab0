// Codes and verdicts belong to the session that asked for them (issue 12, findings 4 and 5). Each test plays an
// attack against the real handlers and the fake Tencent of the demo, which recomputes every signature.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { startMockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import type { MockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import {
  createCosLiveCodeHandler,
  createFaceIdLiveCodeHandler,
  createFaceIdLivenessHandler,
  createLegacyLiveCodeHandler,
  createMemoryCodeStore,
} from '../../src/server/index.js';
import type { CodeStore, FaceIdLivenessHandlerOptions, LiveCodeHandler } from '../../src/server/index.js';
import { APP_ID, BUCKET, ENDPOINT, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY } from './fixtures.js';
import { makeTake } from './media.js';

const PERSON = { idCard: '11010119900307001X', name: '张三' };
const MP4 = await makeTake();
const WEBM = await makeTake({ container: 'webm' });

/** The integrator's session, from a cookie as an Express session would read it. */
const cookieSession = (request: Request) => /(?:^|;\s*)sid=(\w+)/.exec(request.headers.get('Cookie') ?? '')?.[1];

function pageHeaders(session: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return { Origin: PAGE_ORIGIN, ...(session === undefined ? {} : { Cookie: `sid=${session}` }), ...extra };
}

function upload(video: Uint8Array<ArrayBuffer>, code: string, session: string | undefined, key?: string): Request {
  const form = new FormData();
  form.set('video', new Blob([video], { type: 'video/mp4' }), 'take.mp4');
  form.set('code', code);
  return new Request(ENDPOINT, {
    method: 'POST',
    body: form,
    headers: pageHeaders(session, key ? { 'Idempotency-Key': key } : {}),
  });
}

interface Loop {
  mock: MockVerificationUpstream;
  store: CodeStore;
  codes: LiveCodeHandler;
  liveness: LiveCodeHandler;
  getCode(session: string): Promise<string>;
}

async function startLoop(t: TestContext, liveness: Partial<FaceIdLivenessHandlerOptions> = {}): Promise<Loop> {
  const mock = await startMockVerificationUpstream({ secretId: SECRET_ID, secretKey: SECRET_KEY });
  t.after(() => mock.close());
  const store = createMemoryCodeStore();
  const keys = {
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    baseUrl: mock.baseUrl,
    allowedOrigins: [PAGE_ORIGIN],
    session: cookieSession,
  };
  const codes = createFaceIdLiveCodeHandler({ ...keys, codeStore: store });
  const handler = createFaceIdLivenessHandler({ ...keys, codeStore: store, identity: async () => PERSON, ...liveness });
  const getCode = async (session: string) => {
    const response = await codes(new Request(ENDPOINT, { headers: pageHeaders(session) }));
    return ((await response.json()) as { Response: { LiveCode: string } }).Response.LiveCode;
  };
  return { mock, store, codes, liveness: handler, getCode };
}

async function reason(response: Response): Promise<string | undefined> {
  return ((await response.json()) as { reason?: string }).reason;
}

describe('codes are bound to the session that asked for them', () => {
  test("another session's code is refused as stale-code, without an upstream call, and still verifies for its owner", async (t) => {
    const loop = await startLoop(t);
    const alicesCode = await loop.getCode('alice');
    const stolen = await loop.liveness(upload(MP4, alicesCode, 'mallory'));
    assert.equal(stolen.status, 422);
    assert.equal(await reason(stolen), 'stale-code');
    assert.equal(loop.mock.state().verifications, 0);
    assert.equal((await loop.liveness(upload(MP4, alicesCode, 'alice'))).status, 200);
    assert.equal((await loop.liveness(upload(MP4, alicesCode, 'alice'))).status, 422, 'and only once');
    assert.equal(loop.mock.state().verifications, 1);
  });

  test('10,000 code requests from one session are throttled: 6 reach the upstream, the rest get 429 with Retry-After', async () => {
    let upstreamCalls = 0;
    const handler = createFaceIdLiveCodeHandler({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      allowedOrigins: [PAGE_ORIGIN],
      session: cookieSession,
      codeStore: createMemoryCodeStore(),
      fetch: async () => {
        upstreamCalls += 1;
        return new Response(
          `{"Response":{"LiveCode":"${String(upstreamCalls % 10_000).padStart(4, '0')}","RequestId":"r"}}`,
        );
      },
    });
    const statuses = new Map<number, number>();
    let refusal: Response | undefined;
    for (let index = 0; index < 10_000; index += 1) {
      const response = await handler(new Request(ENDPOINT, { headers: pageHeaders('mallory') }));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) refusal ??= response;
      else await response.body?.cancel();
    }
    assert.deepEqual(Object.fromEntries(statuses), { 200: 6, 429: 9_994 });
    assert.equal(upstreamCalls, 6, 'refused before GetLiveCode: nothing billed');
    assert.match(refusal!.headers.get('Retry-After') ?? '', /^([1-5]?\d|60)$/);
    assert.deepEqual(
      ((await refusal!.json()) as { Response: { Error: { Code: string } } }).Response.Error.Code,
      'RequestLimitExceeded',
    );
    const other = await handler(new Request(ENDPOINT, { headers: pageHeaders('alice') }));
    assert.equal(other.status, 200, 'another session keeps its own allowance');
  });

  /** A code handler on the loop's store whose upstream mints the next code of `codes`; its limit set high. */
  function floodHandler(
    loop: Loop,
    codes: (index: number) => string,
  ): { handler: LiveCodeHandler; minted: () => number } {
    let minted = 0;
    const handler = createFaceIdLiveCodeHandler({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      allowedOrigins: [PAGE_ORIGIN],
      session: cookieSession,
      codeStore: loop.store,
      // As if the limit were set high, or many instances shared the store: the store must hold on its own.
      codeIssueLimit: { max: 20_000, windowMs: 60_000 },
      fetch: async () => new Response(`{"Response":{"LiveCode":"${codes(minted++)}","RequestId":"r"}}`),
    });
    return { handler, minted: () => minted };
  }

  async function flood(handler: LiveCodeHandler, session: string, count: number): Promise<void> {
    const mint = async () => (await handler(new Request(ENDPOINT, { headers: pageHeaders(session) }))).body?.cancel();
    for (let done = 0; done < count; done += 100)
      await Promise.all(Array.from({ length: Math.min(100, count - done) }, mint));
  }

  const digits = (value: number) => String(value % 10_000).padStart(4, '0');

  test("a legitimate code survives another session's flood of 10,000 codes", async (t) => {
    const loop = await startLoop(t);
    const alicesCode = await loop.getCode('alice');
    // Every other code, so the flood evicts rather than re-issues Alice's.
    const mallory = floodHandler(loop, (index) => digits(Number(alicesCode) + 1 + (index % 9_999)));
    await flood(mallory.handler, 'mallory', 10_000);
    assert.equal(mallory.minted(), 10_000);
    const response = await loop.liveness(upload(MP4, alicesCode, 'alice'));
    assert.equal(response.status, 200, await response.clone().text());
  });

  test('a session that mints 10,000 codes does not hold them all: an old recording of its first code is refused', async (t) => {
    const loop = await startLoop(t);
    const mallory = floodHandler(loop, digits);
    await flood(mallory.handler, 'mallory', 10_000);
    const replay = await loop.liveness(upload(MP4, '0000', 'mallory'));
    assert.equal(replay.status, 422);
    assert.equal(await reason(replay), 'stale-code');
    assert.equal(loop.mock.state().verifications, 0);
  });

  test('a request without a session gets 401 in the upstream shape, before any upstream call', async () => {
    let upstreamCalls = 0;
    const fetch = async () => {
      upstreamCalls += 1;
      return new Response('{"Response":{"LiveCode":"0521","RequestId":"r"}}');
    };
    const common = {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      allowedOrigins: [PAGE_ORIGIN],
      session: cookieSession,
      fetch,
    };
    const cases: [LiveCodeHandler, RegExp][] = [
      [createFaceIdLiveCodeHandler(common), /^\{"Response":\{"Error":\{"Code":"AuthFailure.NoSession"/],
      [
        createCosLiveCodeHandler({ ...common, bucket: BUCKET, region: REGION, mode: 'proxy' }),
        /<Code>NoSession<\/Code>/,
      ],
      [createCosLiveCodeHandler({ ...common, bucket: BUCKET, region: REGION }), /<Code>NoSession<\/Code>/],
      [createLegacyLiveCodeHandler({ ...common, appId: APP_ID }), /^\{"data":\{\},"code":401,/],
    ];
    for (const [handler, shape] of cases) {
      const response = await handler(new Request(ENDPOINT, { headers: pageHeaders(undefined) }));
      assert.equal(response.status, 401);
      assert.match(await response.text(), shape);
    }
    assert.equal(upstreamCalls, 0);
  });

  test('with acceptUnboundCodes, codes are not crowded into one capped bucket: the first of 40 still verifies', async (t) => {
    const mock = await startMockVerificationUpstream({ secretId: SECRET_ID, secretKey: SECRET_KEY });
    t.after(() => mock.close());
    const store = createMemoryCodeStore();
    const keys = {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      allowedOrigins: [PAGE_ORIGIN],
      acceptUnboundCodes: true,
      codeStore: store,
    };
    let minted = 0;
    const codes = createFaceIdLiveCodeHandler({
      ...keys,
      fetch: async () => new Response(`{"Response":{"LiveCode":"${String(1000 + minted++)}","RequestId":"r"}}`),
    });
    for (let index = 0; index < 40; index += 1)
      await (await codes(new Request(ENDPOINT, { headers: pageHeaders(undefined) }))).body?.cancel();
    const liveness = createFaceIdLivenessHandler({ ...keys, baseUrl: mock.baseUrl, identity: async () => PERSON });
    assert.equal((await liveness(upload(MP4, '1000', undefined))).status, 200);
    assert.equal((await liveness(upload(MP4, '1000', undefined))).status, 422, 'still once');
  });

  test('handlers without session refuse to be created unless acceptUnboundCodes is set', () => {
    const keys = { secretId: SECRET_ID, secretKey: SECRET_KEY, allowedOrigins: [PAGE_ORIGIN] };
    const attempts: (() => unknown)[] = [
      () => createFaceIdLiveCodeHandler(keys),
      () => createCosLiveCodeHandler({ ...keys, bucket: BUCKET, region: REGION }),
      () => createLegacyLiveCodeHandler({ ...keys, appId: APP_ID }),
      () => createFaceIdLivenessHandler({ ...keys, codeStore: createMemoryCodeStore() }),
    ];
    for (const attempt of attempts) assert.throws(attempt, /session.*acceptUnboundCodes/s);
    assert.doesNotThrow(() => createFaceIdLiveCodeHandler({ ...keys, acceptUnboundCodes: true }));
    assert.doesNotThrow(() =>
      createFaceIdLivenessHandler({ ...keys, codeStore: createMemoryCodeStore(), acceptUnboundCodes: true }),
    );
  });
});

describe('the idempotency cache is keyed by the session', () => {
  test("Alice's key and upload replayed from another session never get Alice's verdict", async (t) => {
    const loop = await startLoop(t, { includeBestFrame: true });
    const code = await loop.getCode('alice');
    const key = crypto.randomUUID();
    const first = await loop.liveness(upload(MP4, code, 'alice', key));
    assert.equal(first.status, 200);
    const replay = await loop.liveness(upload(MP4, code, 'mallory', key));
    const body = await replay.text();
    assert.equal(replay.headers.get('Idempotent-Replayed'), null);
    assert.doesNotMatch(body, /bestFrameBase64/);
    assert.equal(replay.status, 422);
    assert.equal(JSON.parse(body).reason, 'stale-code');
    const retry = await loop.liveness(upload(MP4, code, 'alice', key));
    assert.equal(retry.headers.get('Idempotent-Replayed'), 'true', "Alice's own retry still gets her answer");
    assert.equal(loop.mock.state().verifications, 1);
  });

  test('without a session the replay gets 401 before the cache is consulted', async (t) => {
    const loop = await startLoop(t);
    const code = await loop.getCode('alice');
    const key = crypto.randomUUID();
    assert.equal((await loop.liveness(upload(MP4, code, 'alice', key))).status, 200);
    const replay = await loop.liveness(upload(MP4, code, undefined, key));
    assert.equal(replay.status, 401);
    assert.equal(replay.headers.get('Idempotent-Replayed'), null);
    assert.equal(await reason(replay), 'no-identity');
  });
});

describe('who is asking is settled before the upload is inspected', () => {
  test('an upload without a session gets 401, never a verdict about the file', async (t) => {
    const loop = await startLoop(t);
    const response = await loop.liveness(upload(WEBM, '0521', undefined));
    assert.equal(response.status, 401);
    assert.equal(await reason(response), 'no-identity');
  });

  test('an upload whose identity is unknown gets 401, never a verdict about the file', async (t) => {
    const loop = await startLoop(t, { identity: async () => undefined });
    const response = await loop.liveness(upload(WEBM, await loop.getCode('alice'), 'alice'));
    assert.equal(response.status, 401);
    assert.equal(await reason(response), 'no-identity');
  });
});

describe('a failing store fails closed', () => {
  const broken = () => Promise.reject(new Error('ECONNREFUSED redis://:hunter2@10.0.0.5'));

  test('a code store that throws makes the liveness handler answer 503 with Retry-After, without verifying', async (t) => {
    const store: CodeStore = { admitIssue: broken, remember: broken, consume: broken };
    const loop = await startLoop(t, { codeStore: store });
    const response = await loop.liveness(upload(MP4, '0521', 'alice', crypto.randomUUID()));
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('Retry-After'), '5');
    const body = await response.text();
    assert.equal(JSON.parse(body).reason, 'unavailable');
    assert.doesNotMatch(body, /hunter2|ECONNREFUSED/);
    assert.equal(loop.mock.state().verifications, 0);
  });

  test('an idempotency store that throws makes the liveness handler answer 503 with Retry-After, without verifying', async (t) => {
    const loop = await startLoop(t, { idempotencyStore: { run: broken } } as Partial<FaceIdLivenessHandlerOptions>);
    const response = await loop.liveness(upload(MP4, await loop.getCode('alice'), 'alice', crypto.randomUUID()));
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('Retry-After'), '5');
    assert.equal(await reason(response), 'unavailable');
    assert.equal(loop.mock.state().verifications, 0);
  });
});
