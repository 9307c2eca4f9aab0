import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { createCosLiveCodeHandler } from '../../src/server/index.js';
import type { CosLiveCodeHandlerOptions } from '../../src/server/index.js';
import { startFakeUpstream } from './fake-upstream.js';
import {
  BUCKET,
  NOW_SECONDS,
  PAGE_ORIGIN,
  REGION,
  SECRET_ID,
  SECRET_KEY,
  TOKEN,
  fixedClock,
  pageRequest,
} from './fixtures.js';
import { referenceCosSignature } from './reference-signers.js';

const options: CosLiveCodeHandlerOptions = {
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  bucket: BUCKET,
  region: REGION,
  allowedOrigins: [PAGE_ORIGIN],
  now: fixedClock,
  // These tests are about signing and relaying; session binding has its own (sessions.test.ts).
  acceptUnboundCodes: true,
};
const HOST = `${BUCKET}.cos.${REGION}.myqcloud.com`;

/** Checks every signature field of a COS request against the reference signer. */
function assertSignedGetLiveCode(fields: URLSearchParams | Map<string, string>, host: string, expiresIn: number) {
  const keyTime = `${NOW_SECONDS};${NOW_SECONDS + expiresIn}`;
  const expected = referenceCosSignature(SECRET_KEY, 'get', '/', { 'ci-process': 'GetLiveCode' }, { host }, keyTime);
  assert.equal(fields.get('q-sign-algorithm'), 'sha1');
  assert.equal(fields.get('q-ak'), SECRET_ID);
  assert.equal(fields.get('q-sign-time'), keyTime);
  assert.equal(fields.get('q-key-time'), keyTime);
  assert.equal(fields.get('q-header-list'), 'host');
  assert.equal(fields.get('q-url-param-list'), 'ci-process');
  assert.equal(fields.get('q-signature'), expected.signature);
}

function authorizationFields(header: string | undefined): Map<string, string> {
  return new Map((header ?? '').split('&').map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]));
}

describe('COS handler, presign mode', () => {
  test('answers the signed-request JSON with a URL for GetLiveCode on the bucket', async () => {
    const response = await createCosLiveCodeHandler(options)(pageRequest());
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
    const body = (await response.json()) as { url: string; method: string };
    assert.deepEqual(Object.keys(body).sort(), ['method', 'url']);
    assert.equal(body.method, 'GET');
    const url = new URL(body.url);
    assert.equal(url.origin, `https://${HOST}`);
    assert.equal(url.pathname, '/');
    assert.equal(url.searchParams.get('ci-process'), 'GetLiveCode');
    assertSignedGetLiveCode(url.searchParams, HOST, 60);
    assert.equal(url.searchParams.has('x-cos-security-token'), false);
  });

  test('the URL is valid for expiresIn seconds', async () => {
    const response = await createCosLiveCodeHandler({ ...options, expiresIn: 300 })(pageRequest());
    const url = new URL(((await response.json()) as { url: string }).url);
    assertSignedGetLiveCode(url.searchParams, HOST, 300);
  });

  test('refuses an expiresIn outside 1..300 at creation', () => {
    for (const expiresIn of [0, 301, 1.5, Number.NaN]) {
      assert.throws(() => createCosLiveCodeHandler({ ...options, expiresIn }), RangeError, String(expiresIn));
    }
  });

  test('a temporary key puts the token in the URL, as COS requires, and nowhere else', async () => {
    const response = await createCosLiveCodeHandler({ ...options, securityToken: TOKEN })(pageRequest());
    const text = await response.text();
    const url = new URL((JSON.parse(text) as { url: string }).url);
    assert.equal(url.searchParams.get('x-cos-security-token'), TOKEN);
    assert.equal(text.split(TOKEN).length, 2, 'exactly one occurrence');
  });

  test('nothing in the client request changes what is signed', async () => {
    const handler = createCosLiveCodeHandler(options);
    const variants = [
      pageRequest(),
      pageRequest({}, 'https://api.shop.example/other/path?ci-process=DeleteObject&bucket=other-1250000001'),
      pageRequest({ method: 'POST', body: '{"method":"PUT","pathname":"/secret.txt","expiresIn":86400}' }),
      pageRequest({ headers: { 'x-cos-acl': 'public-read', Authorization: 'q-sign-algorithm=sha1', Range: 'x' } }),
    ];
    const answers = await Promise.all(variants.map(async (request) => (await handler(request)).text()));
    assert.equal(new Set(answers).size, 1, answers.join('\n'));
  });
});

describe('COS handler, proxy mode', () => {
  async function proxied(t: TestContext, reply: Parameters<typeof startFakeUpstream>[1], extra = {}) {
    const upstream = await startFakeUpstream(t, reply);
    const handler = createCosLiveCodeHandler({ ...options, mode: 'proxy', baseUrl: upstream.baseUrl, ...extra });
    return { upstream, handler };
  }

  test('calls GET /?ci-process=GetLiveCode with a valid signature and relays the XML', async (t) => {
    const xml = '<Response><LiveCode>0521</LiveCode></Response>';
    const { upstream, handler } = await proxied(t, () => ({
      headers: { 'Content-Type': 'application/xml', 'Set-Cookie': 'upstream=1', 'x-cos-request-id': 'abc' },
      body: xml,
    }));
    const response = await handler(pageRequest({ method: 'POST', body: 'ignored' }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Type'), 'application/xml');
    assert.equal(await response.text(), xml);
    assert.equal(response.headers.get('Set-Cookie'), null, 'upstream headers are not relayed');

    assert.equal(upstream.requests.length, 1);
    const [sent] = upstream.requests;
    assert.equal(sent!.method, 'GET');
    assert.equal(sent!.url, '/?ci-process=GetLiveCode');
    assert.equal(sent!.headers.host, upstream.host);
    assert.equal(sent!.headers['x-cos-security-token'], undefined);
    assert.equal(sent!.body, '');
    assertSignedGetLiveCode(authorizationFields(sent!.headers.authorization), upstream.host, 60);
  });

  test('sends the token of a temporary key as x-cos-security-token', async (t) => {
    const { upstream, handler } = await proxied(t, () => ({ body: '<Response><LiveCode>1</LiveCode></Response>' }), {
      securityToken: TOKEN,
    });
    await handler(pageRequest());
    assert.equal(upstream.requests[0]!.headers['x-cos-security-token'], TOKEN);
    assertSignedGetLiveCode(authorizationFields(upstream.requests[0]!.headers.authorization), upstream.host, 60);
  });

  test('relays a COS error with its status and XML', async (t) => {
    const xml = '<Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message><RequestId>r1</RequestId></Error>';
    const { handler } = await proxied(t, () => ({
      status: 403,
      headers: { 'Content-Type': 'application/xml' },
      body: xml,
    }));
    const response = await handler(pageRequest());
    assert.equal(response.status, 403);
    assert.equal(await response.text(), xml);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
  });

  test('a redirect from upstream is not followed and becomes 502', async (t) => {
    const { upstream, handler } = await proxied(t, () => ({
      status: 301,
      headers: { Location: 'http://127.0.0.1:1/elsewhere' },
      body: '<Error><Code>PermanentRedirect</Code></Error>',
    }));
    const response = await handler(pageRequest());
    assert.equal(response.status, 502);
    assert.equal(upstream.requests.length, 1);
  });

  test('an upstream that does not answer in time becomes a 504 COS error', async (t) => {
    const { handler } = await proxied(t, () => 'hang', { timeoutMs: 100 });
    const response = await handler(pageRequest());
    assert.equal(response.status, 504);
    assert.match(response.headers.get('Content-Type') ?? '', /xml/);
    assert.match(
      await response.text(),
      /^<\?xml[^>]*>\n<Error><Code>UpstreamTimeout<\/Code><Message>[^<]+<\/Message><RequestId>[\w-]+<\/RequestId><\/Error>$/,
    );
  });

  test('an unreachable upstream becomes a 502 COS error', async () => {
    const handler = createCosLiveCodeHandler({
      ...options,
      mode: 'proxy',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const response = await handler(pageRequest());
    assert.equal(response.status, 502);
    assert.match(await response.text(), /<Code>UpstreamUnreachable<\/Code>/);
  });

  test('defaults to the bucket host', async () => {
    let calledUrl = '';
    const handler = createCosLiveCodeHandler({
      ...options,
      mode: 'proxy',
      fetch: async (url, init) => {
        calledUrl = url;
        assertSignedGetLiveCode(authorizationFields(new Headers(init.headers).get('Authorization') ?? ''), HOST, 60);
        return new Response('<Response><LiveCode>0521</LiveCode></Response>');
      },
    });
    assert.equal((await handler(pageRequest())).status, 200);
    assert.equal(calledUrl, `https://${HOST}/?ci-process=GetLiveCode`);
  });
});
