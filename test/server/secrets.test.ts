// Every answer of every handler, in every outcome, is scanned for the SecretKey and the session token.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createCosLiveCodeHandler,
  createFaceIdLiveCodeHandler,
  createLegacyLiveCodeHandler,
} from '../../src/server/index.js';
import type { FetchFunction } from '../../src/server/index.js';
import { HANDLERS } from './handlers-table.js';
import type { Overrides } from './handlers-table.js';
import { BUCKET, ENDPOINT, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, TOKEN } from './fixtures.js';

interface Scenario {
  name: string;
  overrides?: Overrides;
  request: () => Request;
  /** The expected status, so the scan provably covers this outcome. */
  status: (callsUpstream: boolean) => number;
}

const fromPage = (init: RequestInit = {}) =>
  new Request(ENDPOINT, { ...init, headers: { Origin: PAGE_ORIGIN, ...(init.headers as object) } });

/** An upstream that answers with everything it was sent: the worst a wrong baseUrl could do. */
const echo: FetchFunction = async (url, init) =>
  new Response(JSON.stringify({ url, headers: Object.fromEntries(new Headers(init.headers)), body: init.body }), {
    headers: { 'X-Echo-Authorization': new Headers(init.headers).get('Authorization') ?? '' },
  });

// AbortSignal.timeout's timer does not keep Node alive (a real socket would), so this fake holds a timer of its own.
const hang: FetchFunction = (_url, init) =>
  new Promise((_resolve, reject) => {
    const keepAlive = setTimeout(() => reject(new Error('the handler never aborted')), 5000);
    init.signal?.addEventListener('abort', () => {
      clearTimeout(keepAlive);
      reject(init.signal?.reason);
    });
  });

const SCENARIOS: Scenario[] = [
  { name: 'success (GET)', request: () => fromPage(), status: () => 200 },
  {
    name: 'success (POST, no Origin)',
    request: () => new Request(ENDPOINT, { method: 'POST', body: '{}' }),
    status: () => 200,
  },
  {
    name: 'refused origin',
    request: () => new Request(ENDPOINT, { headers: { Origin: 'https://evil.example' } }),
    status: () => 403,
  },
  { name: 'preflight', request: () => fromPage({ method: 'OPTIONS' }), status: () => 204 },
  { name: 'wrong method', request: () => fromPage({ method: 'PUT' }), status: () => 405 },
  {
    name: 'upstream error',
    overrides: {
      fetch: async () =>
        new Response('<Error><Code>AccessDenied</Code></Error>', {
          status: 403,
          headers: { 'Content-Type': 'application/xml' },
        }),
    },
    request: () => fromPage(),
    status: (callsUpstream) => (callsUpstream ? 403 : 200),
  },
  {
    name: 'upstream unreachable',
    overrides: { fetch: () => Promise.reject(new TypeError(`fetch failed: ${SECRET_KEY} ${TOKEN}`)) },
    request: () => fromPage(),
    status: (callsUpstream) => (callsUpstream ? 502 : 200),
  },
  {
    name: 'upstream timeout',
    overrides: { fetch: hang, timeoutMs: 20 },
    request: () => fromPage(),
    status: (callsUpstream) => (callsUpstream ? 504 : 200),
  },
  {
    name: 'upstream echoing the request',
    overrides: { fetch: echo },
    request: () => fromPage(),
    // The legacy request carries no token and only an HMAC of the key, so its echo is harmless and relayed.
    status: (callsUpstream) => (callsUpstream ? 502 : 200),
  },
  { name: 'broken clock', overrides: { now: () => Number.NaN }, request: () => fromPage(), status: () => 500 },
];

async function exposedText(response: Response): Promise<string> {
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  return `${headers}\n\n${await response.text()}`;
}

/** The one place a secret may appear: the session token in a presigned URL, which COS needs there. */
function withoutPresignedToken(text: string): string {
  return text.replace(`x-cos-security-token=${TOKEN}`, 'x-cos-security-token=<token>');
}

describe('no answer ever contains the SecretKey or the token', () => {
  for (const setup of HANDLERS) {
    for (const scenario of SCENARIOS) {
      test(`${setup.name}: ${scenario.name}`, async () => {
        const response = await setup.create(scenario.overrides)(scenario.request());
        const expected =
          setup.name === 'legacy' && scenario.name === 'upstream echoing the request'
            ? 200
            : scenario.status(setup.callsUpstream);
        assert.equal(response.status, expected);
        let text = await exposedText(response);
        if (setup.name === 'COS presign' && expected === 200) {
          assert.ok(text.includes(`x-cos-security-token=${TOKEN}`), 'the presigned URL carries the token');
          text = withoutPresignedToken(text);
        }
        assert.ok(!text.includes(SECRET_KEY), `SecretKey leaked:\n${text}`);
        assert.ok(!text.includes(TOKEN), `token leaked:\n${text}`);
        assert.ok(!text.includes(encodeURIComponent(SECRET_KEY)), 'SecretKey leaked, encoded');
      });
    }
  }

  test('errors thrown for bad options never quote a credential', () => {
    const base = {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      allowedOrigins: [PAGE_ORIGIN],
      acceptUnboundCodes: true,
    };
    const attempts = [
      () => createCosLiveCodeHandler({ ...base, securityToken: TOKEN, bucket: 'bad bucket', region: REGION }),
      () => createCosLiveCodeHandler({ ...base, securityToken: TOKEN, bucket: BUCKET, region: REGION, expiresIn: 0 }),
      () =>
        createCosLiveCodeHandler({ ...base, bucket: BUCKET, region: REGION, securityToken: 42 as unknown as string }),
      () => createFaceIdLiveCodeHandler({ ...base, token: TOKEN, allowedOrigins: [SECRET_KEY] }),
      () => createFaceIdLiveCodeHandler({ ...base, secretKey: 42 as unknown as string, token: TOKEN, baseUrl: 'x' }),
      () => createLegacyLiveCodeHandler({ ...base, appId: 'x' }),
    ];
    for (const attempt of attempts) {
      assert.throws(attempt, (error: Error) => {
        assert.ok(!error.message.includes(SECRET_KEY) && !error.message.includes(TOKEN), error.message);
        return true;
      });
    }
  });
});

describe('no liveness answer ever contains the SecretKey or the token', () => {
  test('an upstream echoing the signed request is withheld (COS and FaceID)', async () => {
    const { createCosLivenessHandler, createFaceIdLivenessHandler } = await import('../../src/server/index.js');
    const { makeTake } = await import('./media.js');
    const video = await makeTake();
    const common = {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      allowedOrigins: [PAGE_ORIGIN],
      acceptUnissuedCodes: true,
      acceptUnboundCodes: true,
      fetch: echo,
    };
    const identity = async () => ({ idCard: '11010119900307001X', name: 'Zhang San' });
    const handlers = [
      createCosLivenessHandler({ ...common, securityToken: TOKEN, bucket: BUCKET, region: REGION, identity }),
      createFaceIdLivenessHandler({ ...common, token: TOKEN, identity }),
    ];
    for (const handler of handlers) {
      const form = new FormData();
      form.set('video', new Blob([video]));
      form.set('code', '0521');
      const response = await handler(fromPage({ method: 'POST', body: form }));
      assert.equal(response.status, 502);
      const text = await exposedText(response);
      assert.match(text, /"reason":"upstream-withheld"/);
      assert.ok(!text.includes(SECRET_KEY) && !text.includes(TOKEN), text);
    }
  });
});

describe('the credential guard sees every form of a credential, in the body and the headers', () => {
  // Characters that every encoding changes, so each form differs from the raw token.
  const TRICKY_TOKEN = 'sTs/ToKeN+temporary=credential"42b1&e8<x>';
  const forms: [string, string][] = [
    ['JSON-escaped', JSON.stringify(TRICKY_TOKEN).slice(1, -1)],
    ['JSON-escaped with escaped slashes', JSON.stringify(TRICKY_TOKEN).slice(1, -1).replace(/\//g, '\\/')],
    ['URL-encoded', encodeURIComponent(TRICKY_TOKEN)],
    [
      'URL-encoded, lower-case escapes',
      encodeURIComponent(TRICKY_TOKEN).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    ],
    ['form-encoded', new URLSearchParams({ t: TRICKY_TOKEN }).toString().slice(2)],
  ];
  const faceId = (fetch: FetchFunction) =>
    createFaceIdLiveCodeHandler({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      token: TRICKY_TOKEN,
      allowedOrigins: [PAGE_ORIGIN],
      acceptUnboundCodes: true,
      fetch,
    });

  for (const [name, form] of forms) {
    test(`a ${name} echo of the token is withheld`, async () => {
      const response = await faceId(
        async () => new Response(`{"Response":{"LiveCode":"0521","Echo":"${form}","RequestId":"r"}}`),
      )(fromPage());
      assert.equal(response.status, 502, name);
      assert.match(await response.text(), /UpstreamAnswerWithheld/);
    });
  }

  test('an echo of the token in a header is withheld', async () => {
    const response = await faceId(
      async () =>
        new Response('{"Response":{"LiveCode":"0521","RequestId":"r"}}', {
          headers: { 'Content-Type': `application/json; echo=${TRICKY_TOKEN}` },
        }),
    )(fromPage());
    assert.equal(response.status, 502);
    assert.ok(!(await exposedText(response)).includes(TRICKY_TOKEN));
  });

  test('an echo of the SecretId is withheld', async () => {
    const response = await faceId(
      async () => new Response(`{"Response":{"LiveCode":"0521","Echo":"q-ak=${SECRET_ID}","RequestId":"r"}}`),
    )(fromPage());
    assert.equal(response.status, 502);
    assert.ok(!(await exposedText(response)).includes(SECRET_ID));
  });

  test('a COS request id echoing the token never reaches the liveness answer', async () => {
    const { createCosLivenessHandler } = await import('../../src/server/index.js');
    const { makeTake } = await import('./media.js');
    const handler = createCosLivenessHandler({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      securityToken: TRICKY_TOKEN,
      bucket: BUCKET,
      region: REGION,
      allowedOrigins: [PAGE_ORIGIN],
      acceptUnissuedCodes: true,
      acceptUnboundCodes: true,
      identity: async () => ({ idCard: '11010119900307001X', name: 'Zhang San' }),
      fetch: async () =>
        new Response('<Response><Sim>90</Sim></Response>', {
          headers: { 'x-cos-request-id': encodeURIComponent(TRICKY_TOKEN) },
        }),
    });
    const form = new FormData();
    form.set('video', new Blob([await makeTake()]));
    form.set('code', '0521');
    const response = await handler(fromPage({ method: 'POST', body: form }));
    const text = await exposedText(response);
    assert.equal(response.status, 502, text);
    assert.ok(!text.includes(encodeURIComponent(TRICKY_TOKEN)), text);
  });
});

describe("relayed answers carry the handler's own Content-Type", () => {
  for (const setup of HANDLERS.filter((handler) => handler.callsUpstream)) {
    test(`${setup.name}: an upstream text/html page is relayed as data, never as a page`, async () => {
      const page = '<!DOCTYPE html><script>alert(document.cookie)</script>';
      const handler = setup.create({
        fetch: async () => new Response(page, { status: 502, headers: { 'Content-Type': 'text/html' } }),
      });
      const response = await handler(fromPage());
      assert.equal(response.status, 502);
      assert.match(
        response.headers.get('Content-Type') ?? '',
        setup.name === 'COS proxy' ? /^application\/xml/ : /^application\/json/,
      );
      assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
    });
  }
});
