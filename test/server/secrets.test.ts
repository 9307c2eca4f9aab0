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
  { name: 'success (POST, no Origin)', request: () => new Request(ENDPOINT, { method: 'POST', body: '{}' }), status: () => 200 },
  { name: 'refused origin', request: () => new Request(ENDPOINT, { headers: { Origin: 'https://evil.example' } }), status: () => 403 },
  { name: 'preflight', request: () => fromPage({ method: 'OPTIONS' }), status: () => 204 },
  { name: 'wrong method', request: () => fromPage({ method: 'PUT' }), status: () => 405 },
  {
    name: 'upstream error',
    overrides: {
      fetch: async () =>
        new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403, headers: { 'Content-Type': 'application/xml' } }),
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
    const base = { secretId: SECRET_ID, secretKey: SECRET_KEY, allowedOrigins: [PAGE_ORIGIN], acceptUnboundCodes: true };
    const attempts = [
      () => createCosLiveCodeHandler({ ...base, securityToken: TOKEN, bucket: 'bad bucket', region: REGION }),
      () => createCosLiveCodeHandler({ ...base, securityToken: TOKEN, bucket: BUCKET, region: REGION, expiresIn: 0 }),
      () => createCosLiveCodeHandler({ ...base, bucket: BUCKET, region: REGION, securityToken: 42 as unknown as string }),
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
    const common = { secretId: SECRET_ID, secretKey: SECRET_KEY, allowedOrigins: [PAGE_ORIGIN], acceptUnissuedCodes: true, acceptUnboundCodes: true, fetch: echo };
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
