import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFaceIdLiveCodeHandler } from '../../src/server/index.js';
import type { FaceIdLiveCodeHandlerOptions } from '../../src/server/index.js';
import { startFakeUpstream } from './fake-upstream.js';
import type { RecordedRequest } from './fake-upstream.js';
import { NOW_SECONDS, PAGE_ORIGIN, SECRET_ID, SECRET_KEY, TOKEN, fixedClock, pageRequest } from './fixtures.js';
import { referenceTc3Signature } from './reference-signers.js';

const options: FaceIdLiveCodeHandlerOptions = {
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  allowedOrigins: [PAGE_ORIGIN],
  now: fixedClock,
  // These tests are about signing and relaying; session binding has its own (sessions.test.ts).
  acceptUnboundCodes: true,
};
const SUCCESS = '{"Response":{"LiveCode":"4392","RequestId":"6f2b0c1e"}}';

function assertSignedGetLiveCode(sent: RecordedRequest, host: string) {
  assert.equal(sent.method, 'POST');
  assert.equal(sent.url, '/');
  assert.equal(sent.body, '{}');
  assert.equal(sent.headers.host, host);
  assert.equal(sent.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(sent.headers['x-tc-action'], 'GetLiveCode');
  assert.equal(sent.headers['x-tc-version'], '2018-03-01');
  assert.equal(sent.headers['x-tc-timestamp'], String(NOW_SECONDS));
  const signature = referenceTc3Signature(
    SECRET_KEY,
    'faceid',
    host,
    'application/json; charset=utf-8',
    '{}',
    NOW_SECONDS,
  );
  assert.equal(
    sent.headers.authorization,
    `TC3-HMAC-SHA256 Credential=${SECRET_ID}/2023-11-14/faceid/tc3_request, ` +
      `SignedHeaders=content-type;host, Signature=${signature}`,
  );
}

describe('FaceID handler', () => {
  test('posts a TC3-signed GetLiveCode and relays the JSON', async (t) => {
    const upstream = await startFakeUpstream(t, () => ({
      headers: { 'Content-Type': 'application/json' },
      body: SUCCESS,
    }));
    const handler = createFaceIdLiveCodeHandler({ ...options, baseUrl: upstream.baseUrl });
    const response = await handler(pageRequest());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Type'), 'application/json');
    assert.equal(await response.text(), SUCCESS);
    assert.equal(upstream.requests.length, 1);
    assertSignedGetLiveCode(upstream.requests[0]!, upstream.host);
    assert.equal(upstream.requests[0]!.headers['x-tc-region'], undefined);
    assert.equal(upstream.requests[0]!.headers['x-tc-token'], undefined);
  });

  test('sends X-TC-Region and X-TC-Token when configured', async (t) => {
    const upstream = await startFakeUpstream(t, () => ({ body: SUCCESS }));
    const handler = createFaceIdLiveCodeHandler({
      ...options,
      region: 'ap-guangzhou',
      token: TOKEN,
      baseUrl: upstream.baseUrl,
    });
    await handler(pageRequest());
    const [sent] = upstream.requests;
    assert.equal(sent!.headers['x-tc-region'], 'ap-guangzhou');
    assert.equal(sent!.headers['x-tc-token'], TOKEN);
    assertSignedGetLiveCode(sent!, upstream.host);
  });

  test('the client request changes nothing upstream', async (t) => {
    const upstream = await startFakeUpstream(t, () => ({ body: SUCCESS }));
    const handler = createFaceIdLiveCodeHandler({ ...options, baseUrl: upstream.baseUrl });
    await handler(pageRequest());
    await handler(
      pageRequest(
        {
          method: 'POST',
          body: '{"Action":"LivenessCompare","Region":"na-ashburn"}',
          headers: { 'X-TC-Action': 'DetectAuth', 'Content-Type': 'text/plain' },
        },
        'https://api.shop.example/x?Action=DetectAuth',
      ),
    );
    const [first, second] = upstream.requests;
    assert.deepEqual({ ...second!, headers: { ...second!.headers } }, { ...first!, headers: { ...first!.headers } });
  });

  test('relays a Cloud API error as it is', async (t) => {
    const error =
      '{"Response":{"Error":{"Code":"UnauthorizedOperation.Nonactivated","Message":"未开通服务。"},"RequestId":"r"}}';
    const upstream = await startFakeUpstream(t, () => ({
      headers: { 'Content-Type': 'application/json' },
      body: error,
    }));
    const response = await createFaceIdLiveCodeHandler({ ...options, baseUrl: upstream.baseUrl })(pageRequest());
    assert.equal(response.status, 200);
    assert.equal(await response.text(), error);
  });

  test('an upstream timeout becomes a 504 Cloud API error', async (t) => {
    const upstream = await startFakeUpstream(t, () => 'hang');
    const handler = createFaceIdLiveCodeHandler({ ...options, baseUrl: upstream.baseUrl, timeoutMs: 100 });
    const response = await handler(pageRequest());
    assert.equal(response.status, 504);
    const body = (await response.json()) as {
      Response: { Error: { Code: string; Message: string }; RequestId: string };
    };
    assert.equal(body.Response.Error.Code, 'InternalError.UpstreamTimeout');
    assert.equal(typeof body.Response.Error.Message, 'string');
    assert.match(body.Response.RequestId, /^[\w-]{36}$/);
  });

  test('an unreachable upstream becomes a 502 Cloud API error', async () => {
    const handler = createFaceIdLiveCodeHandler({
      ...options,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const response = await handler(pageRequest());
    assert.equal(response.status, 502);
    const body = (await response.json()) as { Response: { Error: { Code: string } } };
    assert.equal(body.Response.Error.Code, 'InternalError.UpstreamUnreachable');
  });

  test('calls faceid.tencentcloudapi.com by default', async () => {
    let calledUrl = '';
    const handler = createFaceIdLiveCodeHandler({
      ...options,
      fetch: async (url) => {
        calledUrl = url;
        return new Response(SUCCESS);
      },
    });
    await handler(pageRequest());
    assert.equal(calledUrl, 'https://faceid.tencentcloudapi.com/');
  });

  test('refuses a malformed region or baseUrl at creation', () => {
    assert.throws(() => createFaceIdLiveCodeHandler({ ...options, region: 'ap guangzhou' }), /region/);
    assert.throws(() => createFaceIdLiveCodeHandler({ ...options, baseUrl: 'https://example.com/api' }), /baseUrl/);
    assert.throws(() => createFaceIdLiveCodeHandler({ ...options, baseUrl: 'ftp://example.com' }), /baseUrl/);
  });
});
