import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createCosLiveCodeHandler,
  createFaceIdLiveCodeHandler,
  createLegacyLiveCodeHandler,
  createMemoryCodeStore,
} from '../../src/server/index.js';
import { liveCodeFromCloudApiJson, liveCodeFromCosXml, liveCodeFromLegacyJson } from '../../src/server/liveness/code-store.js';
import { APP_ID, BUCKET, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, fixedClock, pageRequest } from './fixtures.js';

function clock(start = 1_700_000_000_000) {
  const state = { now: start };
  return Object.assign(() => state.now, { advance: (ms: number) => (state.now += ms) });
}

describe('the in-memory code store', () => {
  test('a remembered code is consumed once', async () => {
    const store = createMemoryCodeStore();
    await store.remember('0521', 60_000);
    assert.equal(await store.consume('0521'), true);
    assert.equal(await store.consume('0521'), false);
    assert.equal(await store.consume('9999'), false);
  });

  test('a code expires after its lifetime', async () => {
    const now = clock();
    const store = createMemoryCodeStore({ now });
    await store.remember('0521', 1000);
    now.advance(1000);
    assert.equal(await store.consume('0521'), false);
  });

  test('the same code issued twice verifies twice, the issue closest to expiry first', async () => {
    const now = clock();
    const store = createMemoryCodeStore({ now });
    await store.remember('0521', 1000);
    now.advance(500);
    await store.remember('0521', 1000);
    assert.equal(await store.consume('0521'), true);
    now.advance(700); // the second issue is still valid; the first would have expired
    assert.equal(await store.consume('0521'), true);
    assert.equal(await store.consume('0521'), false);
  });

  test('it is bounded: beyond maxEntries the oldest codes are forgotten', async () => {
    const store = createMemoryCodeStore({ maxEntries: 3 });
    for (const code of ['0001', '0002', '0003', '0004']) await store.remember(code, 60_000);
    assert.equal(await store.consume('0001'), false);
    for (const code of ['0002', '0003', '0004']) assert.equal(await store.consume(code), true, code);
  });

  test('refuses what is not a code or a lifetime', async () => {
    const store = createMemoryCodeStore();
    await assert.rejects(store.remember('12a4', 1000), /digits/);
    await assert.rejects(store.remember(521 as unknown as string, 1000), /digits/);
    await assert.rejects(store.remember('0521', 0), /ttlMs/);
    assert.throws(() => createMemoryCodeStore({ maxEntries: 0 }), /maxEntries/);
  });
});

describe('reading the code of a GetLiveCode answer, strictly', () => {
  test('COS XML', () => {
    assert.equal(liveCodeFromCosXml('<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <LiveCode>0521</LiveCode>\n</Response>'), '0521');
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
  const relay = (body: string, status = 200) => async () => new Response(body, { status });
  const common = { secretId: SECRET_ID, secretKey: SECRET_KEY, allowedOrigins: [PAGE_ORIGIN], now: fixedClock };

  test('COS proxy, FaceID and legacy handlers remember successful codes only', async () => {
    const cases = [
      (codeStore: ReturnType<typeof createMemoryCodeStore>, fetch: () => Promise<Response>) =>
        createCosLiveCodeHandler({ ...common, bucket: BUCKET, region: REGION, mode: 'proxy', codeStore, fetch }),
      (codeStore: ReturnType<typeof createMemoryCodeStore>, fetch: () => Promise<Response>) =>
        createFaceIdLiveCodeHandler({ ...common, codeStore, fetch }),
      (codeStore: ReturnType<typeof createMemoryCodeStore>, fetch: () => Promise<Response>) =>
        createLegacyLiveCodeHandler({ ...common, appId: APP_ID, codeStore, fetch }),
    ];
    const answers = [
      ['<Response><LiveCode>0521</LiveCode></Response>', '<Error><Code>AccessDenied</Code></Error>'],
      ['{"Response":{"LiveCode":"0521","RequestId":"r"}}', '{"Response":{"Error":{"Code":"AuthFailure"},"RequestId":"r"}}'],
      ['{"data":{"validate_data":"0521"},"code":0,"message":"OK"}', '{"data":{},"code":5,"message":"x"}'],
    ];
    for (const [index, create] of cases.entries()) {
      const [success, failure] = answers[index]!;
      const store = createMemoryCodeStore({ now: fixedClock });
      await create(store, relay(failure!, 403))(pageRequest());
      assert.equal(await store.consume('0521'), false, `error answer ${index}`);
      const response = await create(store, relay(success!))(pageRequest());
      assert.equal(await response.text(), success, 'the answer is relayed unchanged');
      assert.equal(await store.consume('0521'), true, `success answer ${index}`);
    }
  });

  test('a code store in COS presign mode fails at creation: the server never sees the code', () => {
    assert.throws(
      () => createCosLiveCodeHandler({ ...common, bucket: BUCKET, region: REGION, codeStore: createMemoryCodeStore() }),
      /proxy/,
    );
    assert.throws(() => createFaceIdLiveCodeHandler({ ...common, codeTtlMs: 1000 }), /codeTtlMs needs a codeStore/);
  });

  test('a failing store makes the code answer a 500, so the browser never holds a code that cannot verify', async () => {
    const handler = createFaceIdLiveCodeHandler({
      ...common,
      fetch: relay('{"Response":{"LiveCode":"0521","RequestId":"r"}}'),
      codeStore: { remember: () => Promise.reject(new Error('redis down')), consume: async () => false },
    });
    assert.equal((await handler(pageRequest())).status, 500);
  });
});
