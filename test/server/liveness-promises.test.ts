// Promises of the README about the server half that no other test held it to: where COS keeps the take
// (`liveness/<date>/<uuid>.mp4`, or the `objectKey` option), and that the handlers never log.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { startMockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import {
  createCosLiveCodeHandler,
  createCosLivenessHandler,
  createFaceIdLiveCodeHandler,
  createFaceIdLivenessHandler,
  createLegacyLiveCodeHandler,
  createMemoryCodeStore,
} from '../../src/server/index.js';
import type { LiveCodeHandler } from '../../src/server/index.js';
import { APP_ID, BUCKET, ENDPOINT, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, TOKEN } from './fixtures.js';
import { makeTake } from './media.js';

const SESSION = { idCard: '11010119900307001X', name: '张三' };
const MP4 = await makeTake();
const WEBM = await makeTake({ container: 'webm' });
/** 2026-11-30T23:59:30Z: half a minute before the UTC date turns. */
const LATE_EVENING_MS = Date.UTC(2026, 10, 30, 23, 59, 30);

function upload(video: Uint8Array<ArrayBuffer>, code: string, init: { origin?: string; key?: string } = {}): Request {
  const form = new FormData();
  form.set('video', new Blob([video], { type: 'video/mp4' }), 'take.mp4');
  form.set('code', code);
  const headers: Record<string, string> = { Origin: init.origin ?? PAGE_ORIGIN };
  if (init.key) headers['Idempotency-Key'] = init.key;
  return new Request(ENDPOINT, { method: 'POST', body: form, headers });
}

/** The code and liveness handlers of one flavour, against the fake Tencent upstream, with a settable clock. */
async function loop(
  t: TestContext,
  flavour: 'cos' | 'faceid',
  options: Record<string, unknown> = {},
  nowMs = Date.now(),
) {
  const now = () => nowMs;
  const mock = await startMockVerificationUpstream({ secretId: SECRET_ID, secretKey: SECRET_KEY, now });
  t.after(() => mock.close());
  const codeStore = createMemoryCodeStore({ now });
  // One visitor throughout: codes are bound to the session that asked for them (sessions.test.ts tests that).
  const common = {
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    baseUrl: mock.baseUrl,
    codeStore,
    now,
    allowedOrigins: [PAGE_ORIGIN],
    session: () => 'visitor',
  };
  const cos = { ...common, securityToken: TOKEN, bucket: BUCKET, region: REGION };
  const codes: LiveCodeHandler =
    flavour === 'cos'
      ? createCosLiveCodeHandler({ ...cos, mode: 'proxy' })
      : createFaceIdLiveCodeHandler({ ...common, token: TOKEN });
  const liveness: LiveCodeHandler =
    flavour === 'cos'
      ? createCosLivenessHandler({ ...cos, identity: async () => SESSION, ...options })
      : createFaceIdLivenessHandler({ ...common, token: TOKEN, identity: async () => SESSION, ...options });
  const getCode = async () => {
    const text = await (await codes(new Request(ENDPOINT, { headers: { Origin: PAGE_ORIGIN } }))).text();
    return /(\d{4})/.exec(text.replace(/RequestId.*$/s, ''))![1]!;
  };
  /** The path of each take PUT into the bucket. */
  const putKeys = () =>
    mock.requests
      .filter((request) => request.method === 'PUT')
      .map((request) => decodeURIComponent(new URL(request.url, 'http://x').pathname));
  return { mock, codes, liveness, getCode, putKeys };
}

describe('where COS keeps the take', () => {
  test('under liveness/<UTC date>/<uuid>.mp4 by default, a new key for each take', async (t) => {
    const { liveness, getCode, putKeys } = await loop(t, 'cos', {}, LATE_EVENING_MS);
    for (let take = 0; take < 2; take += 1) {
      const response = await liveness(upload(MP4, await getCode()));
      assert.equal(response.status, 200, await response.clone().text());
    }
    const keys = putKeys();
    assert.equal(keys.length, 2);
    for (const key of keys)
      assert.match(
        key,
        /^\/liveness\/2026-11-30\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.mp4$/,
      );
    assert.notEqual(keys[0], keys[1]);
  });

  test('under the key the objectKey option gives, from the take (a leading slash is dropped)', async (t) => {
    const seen: string[] = [];
    const { liveness, getCode, putKeys } = await loop(t, 'cos', {
      objectKey: (take: { code: string; video: Blob }) => {
        seen.push(take.code);
        return `/checks/${take.code}/${take.video.size}.mp4`;
      },
    });
    const code = await getCode();
    const response = await liveness(upload(MP4, code));
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(seen, [code]);
    assert.deepEqual(putKeys(), [`/checks/${code}/${MP4.byteLength}.mp4`]);
  });
});

describe('the handlers do not log', () => {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = new Map<string, (...args: unknown[]) => void>();
  const lines: string[] = [];

  beforeEach(() => {
    lines.length = 0;
    for (const method of methods) {
      originals.set(method, console[method]);
      console[method] = (...args: unknown[]) => void lines.push(`${method}: ${args.map(String).join(' ')}`);
    }
  });
  afterEach(() => {
    for (const method of methods) console[method] = originals.get(method)!;
  });

  for (const flavour of ['cos', 'faceid'] as const) {
    test(`${flavour}: codes, a verification, a retry, refusals, a wrong origin, a broken identity callback`, async (t) => {
      const { codes, liveness, getCode } = await loop(t, flavour);
      const code = await getCode();
      const key = crypto.randomUUID();
      assert.equal((await liveness(upload(MP4, code, { key }))).status, 200);
      assert.equal((await liveness(upload(MP4, code, { key }))).status, 200);
      assert.equal((await liveness(upload(MP4, code))).status, 422, 'a used code');
      assert.equal((await liveness(upload(WEBM, await getCode()))).status, 422, 'a WebM take');
      assert.equal((await liveness(upload(MP4, await getCode(), { origin: 'https://evil.example' }))).status, 403);
      assert.equal(
        (await codes(new Request(ENDPOINT, { method: 'PUT', headers: { Origin: PAGE_ORIGIN } }))).status,
        405,
      );
      const broken = await loop(t, flavour, {
        identity: async () => {
          throw new Error('the session store is down');
        },
      });
      assert.equal((await broken.liveness(upload(MP4, await broken.getCode()))).status, 500);
      assert.deepEqual(lines, []);
    });
  }

  test('legacy: a code, an upstream failure, a timeout, a broken clock', async () => {
    const legacy = (fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) =>
      createLegacyLiveCodeHandler({
        appId: APP_ID,
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        allowedOrigins: [PAGE_ORIGIN],
        session: () => 'visitor',
        fetch,
        ...extra,
      });
    const request = () => new Request(ENDPOINT, { headers: { Origin: PAGE_ORIGIN } });
    assert.equal(
      (await legacy(async () => new Response('{"data":{"validate_data":"9532"},"code":0,"message":"OK"}'))(request()))
        .status,
      200,
    );
    assert.equal((await legacy(() => Promise.reject(new TypeError('fetch failed')))(request())).status, 502);
    assert.equal((await legacy(async () => new Response('{}'), { now: () => Number.NaN })(request())).status, 500);
    assert.deepEqual(lines, []);
  });
});
