import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLegacyLiveCodeHandler } from '../../src/server/index.js';
import type { LegacyLiveCodeHandlerOptions } from '../../src/server/index.js';
import { startFakeUpstream } from './fake-upstream.js';
import type { RecordedRequest } from './fake-upstream.js';
import { APP_ID, NOW_SECONDS, PAGE_ORIGIN, SECRET_ID, SECRET_KEY, fixedClock, pageRequest } from './fixtures.js';
import { openImageSignature } from './reference-signers.js';

const options: LegacyLiveCodeHandlerOptions = {
  appId: APP_ID,
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  allowedOrigins: [PAGE_ORIGIN],
  now: fixedClock,
  // These tests are about signing and relaying; session binding has its own (sessions.test.ts).
  acceptUnboundCodes: true,
};
const SUCCESS = '{"data":{"validate_data":"9532"},"code":0,"message":"OK"}';

function assertSignedLiveGetFour(sent: RecordedRequest, host: string) {
  assert.equal(sent.method, 'POST');
  assert.equal(sent.url, '/face/livegetfour');
  assert.equal(sent.headers.host, host);
  assert.equal(sent.headers['content-type'], 'application/json');
  const body = JSON.parse(sent.body) as { appid: string; seq: string };
  assert.equal(body.appid, APP_ID);
  assert.match(body.seq, /^[\w-]+$/);
  const { original, valid } = openImageSignature(SECRET_KEY, sent.headers.authorization ?? '');
  assert.ok(valid, 'the HMAC verifies with the SecretKey');
  const fields = new URLSearchParams(original);
  assert.deepEqual([...fields.keys()], ['a', 'b', 'k', 'e', 't', 'r', 'u', 'f']);
  assert.equal(fields.get('a'), APP_ID);
  assert.equal(fields.get('b'), '');
  assert.equal(fields.get('k'), SECRET_ID);
  assert.equal(fields.get('t'), String(NOW_SECONDS));
  assert.ok(Number(fields.get('e')) > NOW_SECONDS);
  assert.match(fields.get('r') ?? '', /^\d+$/);
  assert.equal(fields.get('u'), '0');
  assert.equal(fields.get('f'), '');
}

describe('legacy livegetfour handler', () => {
  test('posts a signed livegetfour and relays the JSON', async (t) => {
    const upstream = await startFakeUpstream(t, () => ({
      headers: { 'Content-Type': 'application/json' },
      body: SUCCESS,
    }));
    const handler = createLegacyLiveCodeHandler({ ...options, baseUrl: upstream.baseUrl });
    const response = await handler(pageRequest({ method: 'POST', body: '{"appid":"1","seq":"evil"}' }));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), SUCCESS);
    assert.equal(upstream.requests.length, 1);
    assertSignedLiveGetFour(upstream.requests[0]!, upstream.host);
  });

  test('relays a legacy error code as it is', async (t) => {
    const error = '{"data":{},"code":9,"message":"signature expired"}';
    const upstream = await startFakeUpstream(t, () => ({ body: error }));
    const response = await createLegacyLiveCodeHandler({ ...options, baseUrl: upstream.baseUrl })(pageRequest());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Type'), 'application/json', 'the fallback type');
    assert.equal(await response.text(), error);
  });

  test('an upstream timeout becomes a legacy-shaped 504', async (t) => {
    const upstream = await startFakeUpstream(t, () => 'hang');
    const handler = createLegacyLiveCodeHandler({ ...options, baseUrl: upstream.baseUrl, timeoutMs: 100 });
    const response = await handler(pageRequest());
    assert.equal(response.status, 504);
    const body = (await response.json()) as { code: number; message: string; data: object };
    assert.equal(body.code, 504);
    assert.deepEqual(body.data, {});
    assert.equal(typeof body.message, 'string');
  });

  test('calls recognition.image.myqcloud.com by default', async () => {
    let calledUrl = '';
    const handler = createLegacyLiveCodeHandler({
      ...options,
      fetch: async (url) => {
        calledUrl = url;
        return new Response(SUCCESS);
      },
    });
    await handler(pageRequest());
    assert.equal(calledUrl, 'https://recognition.image.myqcloud.com/face/livegetfour');
  });

  test('refuses a non-numeric appId at creation', () => {
    assert.throws(() => createLegacyLiveCodeHandler({ ...options, appId: '12a' }), /appId/);
  });
});
