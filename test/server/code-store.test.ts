import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createCosLiveCodeHandler,
  createFaceIdLiveCodeHandler,
  createLegacyLiveCodeHandler,
  createMemoryCodeStore,
} from '../../src/server/index.js';
import type { CodeStore } from '../../src/server/index.js';
import { sessionOf } from '../../src/server/http/session.js';
import {
  liveCodeFromCloudApiJson,
  liveCodeFromCosXml,
  liveCodeFromLegacyJson,
} from '../../src/server/codes/live-code-answers.js';
import { APP_ID, BUCKET, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, fixedClock, pageRequest } from './fixtures.js';

function clock(start = 1_700_000_000_000) {
  const state = { now: start };
  return Object.assign(() => state.now, { advance: (ms: number) => (state.now += ms) });
}

const ALICE = 'a'.repeat(64);
const BOB = 'b'.repeat(64);

describe('the in-memory code store', () => {
  test('a remembered code is consumed once, by the session it was issued to', async () => {
    const store = createMemoryCodeStore();
    await store.remember(ALICE, '0521', 60_000);
    assert.equal(await store.consume(BOB, '0521'), false, 'another session');
    assert.equal(await store.consume(ALICE, '0521'), true);
    assert.equal(await store.consume(ALICE, '0521'), false);
    assert.equal(await store.consume(ALICE, '9999'), false);
  });

  test('a code expires after its lifetime', async () => {
    const now = clock();
    const store = createMemoryCodeStore({ now });
    await store.remember(ALICE, '0521', 1000);
    now.advance(1000);
    assert.equal(await store.consume(ALICE, '0521'), false);
  });

  test('the same code issued twice verifies twice, the issue closest to expiry first', async () => {
    const now = clock();
    const store = createMemoryCodeStore({ now });
    await store.remember(ALICE, '0521', 1000);
    now.advance(500);
    await store.remember(ALICE, '0521', 1000);
    assert.equal(await store.consume(ALICE, '0521'), true);
    now.advance(700); // the second issue is still valid; the first would have expired
    assert.equal(await store.consume(ALICE, '0521'), true);
    assert.equal(await store.consume(ALICE, '0521'), false);
  });

  test("it is bounded per session: a session's own oldest codes make room, never another session's", async () => {
    const store = createMemoryCodeStore({ maxCodesPerSession: 3 });
    await store.remember(BOB, '7777', 60_000);
    for (const code of ['0001', '0002', '0003', '0004']) await store.remember(ALICE, code, 60_000);
    assert.equal(await store.consume(ALICE, '0001'), false);
    for (const code of ['0002', '0003', '0004']) assert.equal(await store.consume(ALICE, code), true, code);
    assert.equal(await store.consume(BOB, '7777'), true);
  });

  test('it is bounded in sessions: beyond maxSessions the least recently used session is forgotten', async () => {
    const store = createMemoryCodeStore({ maxSessions: 2 });
    await store.remember(ALICE, '0001', 60_000);
    await store.remember(BOB, '0002', 60_000);
    await store.remember(ALICE, '0003', 60_000);
    await store.remember('c'.repeat(64), '0004', 60_000);
    assert.equal(await store.consume(BOB, '0002'), false);
    assert.equal(await store.consume(ALICE, '0001'), true);
  });

  test('admitIssue allows max requests per window per session, then says how long to wait', async () => {
    const now = clock();
    const store = createMemoryCodeStore({ now });
    for (let index = 0; index < 3; index += 1) assert.equal(await store.admitIssue(ALICE, 3, 60_000), 0);
    now.advance(20_000);
    assert.equal(await store.admitIssue(ALICE, 3, 60_000), 40_000);
    assert.equal(await store.admitIssue(BOB, 3, 60_000), 0, 'another session has its own count');
    now.advance(40_000);
    assert.equal(await store.admitIssue(ALICE, 3, 60_000), 0);
  });

  test('refuses what is not a session, a code or a lifetime', async () => {
    const store = createMemoryCodeStore();
    await assert.rejects(store.remember(ALICE, '12a4', 1000), /digits/);
    await assert.rejects(store.remember(ALICE, 521 as unknown as string, 1000), /digits/);
    await assert.rejects(store.remember(ALICE, '0521', 0), /ttlMs/);
    await assert.rejects(store.remember('', '0521', 1000), /session/);
    await assert.rejects(store.admitIssue(ALICE, 0, 1000), /max/);
    assert.throws(() => createMemoryCodeStore({ maxCodesPerSession: 0 }), /maxCodesPerSession/);
    assert.throws(() => createMemoryCodeStore({ maxSessions: 1.5 }), /maxSessions/);
  });
});

describe('reading the code of a GetLiveCode answer, strictly', () => {
  test('COS XML', () => {
    assert.equal(
      liveCodeFromCosXml(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <LiveCode>0521</LiveCode>\n</Response>',
      ),
      '0521',
    );
    assert.equal(liveCodeFromCosXml('<Error><Code>AccessDenied</Code><LiveCode>0521</LiveCode></Error>'), undefined);
    assert.equal(liveCodeFromCosXml('<Response><LiveCode>12a4</LiveCode></Response>'), undefined);
    assert.equal(liveCodeFromCosXml('x<Response><LiveCode>0521</LiveCode></Response>'), undefined);
  });

  test('Cloud API JSON', () => {
    assert.equal(liveCodeFromCloudApiJson('{"Response":{"LiveCode":"4392","RequestId":"r"}}'), '4392');
    assert.equal(liveCodeFromCloudApiJson('{"Response":{"LiveCode":4392}}'), undefined);
    assert.equal(liveCodeFromCloudApiJson('{"Response":{"Error":{"Code":"X"},"LiveCode":"4392"}}'), undefined);
    assert.equal(liveCodeFromCloudApiJson('{"Response":'), undefined);
  });

  test('legacy JSON', () => {
    assert.equal(liveCodeFromLegacyJson('{"data":{"validate_data":"9532"},"code":0,"message":"OK"}'), '9532');
    assert.equal(liveCodeFromLegacyJson('{"data":{"validate_data":"9532"},"code":5,"message":"x"}'), undefined);
    assert.equal(liveCodeFromLegacyJson('{"data":{"validate_data":521},"code":0}'), undefined);
  });
});

describe('code handlers remember the codes they relay', () => {
  const relay =
    (body: string, status = 200) =>
    async () =>
      new Response(body, { status });
  const session = () => 'alice';
  const common = {
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    allowedOrigins: [PAGE_ORIGIN],
    now: fixedClock,
    session,
  };

  test('COS proxy, FaceID and legacy handlers remember successful codes only, for the session', async () => {
    const cases = [
      (codeStore: CodeStore, fetch: () => Promise<Response>) =>
        createCosLiveCodeHandler({ ...common, bucket: BUCKET, region: REGION, mode: 'proxy', codeStore, fetch }),
      (codeStore: CodeStore, fetch: () => Promise<Response>) =>
        createFaceIdLiveCodeHandler({ ...common, codeStore, fetch }),
      (codeStore: CodeStore, fetch: () => Promise<Response>) =>
        createLegacyLiveCodeHandler({ ...common, appId: APP_ID, codeStore, fetch }),
    ];
    const answers = [
      ['<Response><LiveCode>0521</LiveCode></Response>', '<Error><Code>AccessDenied</Code></Error>'],
      [
        '{"Response":{"LiveCode":"0521","RequestId":"r"}}',
        '{"Response":{"Error":{"Code":"AuthFailure"},"RequestId":"r"}}',
      ],
      ['{"data":{"validate_data":"0521"},"code":0,"message":"OK"}', '{"data":{},"code":5,"message":"x"}'],
    ];
    const alice = await sessionOf(session, pageRequest());
    for (const [index, create] of cases.entries()) {
      const [success, failure] = answers[index]!;
      const store = createMemoryCodeStore({ now: fixedClock });
      await create(store, relay(failure!, 403))(pageRequest());
      assert.equal(await store.consume(alice!, '0521'), false, `error answer ${index}`);
      const response = await create(store, relay(success!))(pageRequest());
      assert.equal(await response.text(), success, 'the answer is relayed unchanged');
      assert.equal(await store.consume(alice!, '0521'), true, `success answer ${index}`);
    }
  });

  test('a code store in COS presign mode fails at creation: the server never sees the code', () => {
    assert.throws(
      () => createCosLiveCodeHandler({ ...common, bucket: BUCKET, region: REGION, codeStore: createMemoryCodeStore() }),
      /proxy/,
    );
    assert.throws(() => createFaceIdLiveCodeHandler({ ...common, codeTtlMs: 0 }), /codeTtlMs/);
  });

  test('a failing store makes the code answer a 503 with Retry-After, so the browser never holds a code that cannot verify', async () => {
    const failing = (method: 'admitIssue' | 'remember'): CodeStore => ({
      admitIssue: method === 'admitIssue' ? () => Promise.reject(new Error('redis down')) : async () => 0,
      remember: method === 'remember' ? () => Promise.reject(new Error('redis down')) : async () => undefined,
      consume: async () => false,
    });
    for (const method of ['admitIssue', 'remember'] as const) {
      let upstreamCalls = 0;
      const handler = createFaceIdLiveCodeHandler({
        ...common,
        fetch: async () => {
          upstreamCalls += 1;
          return new Response('{"Response":{"LiveCode":"0521","RequestId":"r"}}');
        },
        codeStore: failing(method),
      });
      const response = await handler(pageRequest());
      assert.equal(response.status, 503, method);
      assert.equal(response.headers.get('Retry-After'), '5');
      assert.match(await response.text(), /"Code":"InternalError.ServiceUnavailable"/);
      assert.equal(upstreamCalls, method === 'admitIssue' ? 0 : 1, 'a failing limit check costs no upstream call');
    }
  });
});
