// A handler created without its credentials, as in a framework's build where the secrets exist only at run time:
// creating it must not throw, and every request must then fail visibly (500 in the upstream's shape, naming the
// option, one console error), never pass for success. Options that are present but wrong still throw at creation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import {
  createCosLiveCodeHandler,
  createCosLivenessHandler,
  createFaceIdLiveCodeHandler,
  createFaceIdLivenessHandler,
  createLegacyLiveCodeHandler,
} from '../../src/server/index.js';
import type { FetchFunction, LiveCodeHandler } from '../../src/server/index.js';
import { APP_ID, BUCKET, ENDPOINT, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, pageRequest } from './fixtures.js';
import { HANDLERS } from './handlers-table.js';

interface Setup {
  name: string;
  method: 'GET' | 'POST';
  create(
    credentials: { secretId?: string | undefined; secretKey?: string | undefined },
    fetch: FetchFunction,
  ): LiveCodeHandler;
  /** Reads the error code and message of a 500 in this handler's own shape. */
  read(body: string): { code: string | number; message: string };
}

const readCosXml = (body: string) => ({
  code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? '',
  message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? '',
});
const readCloudApi = (body: string) => {
  const error = (JSON.parse(body) as { Response: { Error: { Code: string; Message: string } } }).Response.Error;
  return { code: error.Code, message: error.Message };
};
const readLegacy = (body: string) => {
  const answer = JSON.parse(body) as { code: number; message: string };
  return { code: answer.code, message: answer.message };
};
const readLiveness = (body: string) => {
  const answer = JSON.parse(body) as { ok: boolean; reason: string; message: string };
  assert.equal(answer.ok, false);
  return { code: answer.reason, message: answer.message };
};

const codeSetups: Setup[] = HANDLERS.map((handler) => ({
  name: handler.name,
  method: 'GET',
  create: (credentials, fetch) => handler.create({ ...credentials, fetch }),
  read: handler.name.startsWith('COS') ? readCosXml : handler.name === 'FaceID' ? readCloudApi : readLegacy,
}));

const livenessBase = { allowedOrigins: [PAGE_ORIGIN], acceptUnissuedCodes: true, session: () => 'visitor-session' };
const SETUPS: Setup[] = [
  ...codeSetups,
  {
    name: 'COS liveness',
    method: 'POST',
    create: (credentials, fetch) =>
      createCosLivenessHandler({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        bucket: BUCKET,
        region: REGION,
        ...livenessBase,
        fetch,
        ...credentials,
      }),
    read: readLiveness,
  },
  {
    name: 'FaceID liveness',
    method: 'POST',
    create: (credentials, fetch) =>
      createFaceIdLivenessHandler({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        ...livenessBase,
        fetch,
        ...credentials,
      }),
    read: readLiveness,
  },
];

const EXPECTED_CODE: Record<string, string | number> = {
  'COS presign': 'InternalError',
  'COS proxy': 'InternalError',
  FaceID: 'InternalError',
  legacy: 500,
  'COS liveness': 'internal',
  'FaceID liveness': 'internal',
};

function countingFetch(): { fetch: FetchFunction; calls: () => number } {
  let calls = 0;
  return {
    fetch: async () => {
      calls += 1;
      return new Response('');
    },
    calls: () => calls,
  };
}

function silenceConsoleError(t: TestContext): () => string[] {
  const spy = t.mock.method(console, 'error', () => undefined);
  return () => spy.mock.calls.map((call) => call.arguments.map(String).join(' '));
}

for (const setup of SETUPS) {
  describe(`${setup.name} handler without credentials`, () => {
    for (const [label, credentials, missing] of [
      ['secretKey undefined', { secretKey: undefined }, 'secretKey'],
      ["secretKey ''", { secretKey: '' }, 'secretKey'],
      ['secretId undefined', { secretId: undefined }, 'secretId'],
      ['both undefined', { secretId: undefined, secretKey: undefined }, 'secretId'],
    ] as const) {
      test(`${label}: created without a throw; each request answers 500 naming ${missing}, with one console error`, async (t) => {
        const errors = silenceConsoleError(t);
        const upstream = countingFetch();
        const handler = setup.create(credentials, upstream.fetch);
        assert.deepEqual(errors(), [], 'nothing is logged at creation (a build must stay quiet)');
        for (let attempt = 0; attempt < 2; attempt += 1) {
          const response = await handler(pageRequest({ method: setup.method }));
          assert.equal(response.status, 500);
          assert.equal(
            response.headers.get('Access-Control-Allow-Origin'),
            PAGE_ORIGIN,
            'the listed page can read why',
          );
          const body = await response.text();
          const { code, message } = setup.read(body);
          assert.equal(code, EXPECTED_CODE[setup.name]);
          assert.match(message, new RegExp(`\\b${missing}\\b.*missing`));
          for (const secret of [SECRET_ID, SECRET_KEY])
            assert.ok(!body.includes(secret), 'no credential value in the answer');
        }
        assert.equal(upstream.calls(), 0, 'nothing is sent upstream');
        const logged = errors();
        assert.equal(logged.length, 1, 'one console error, not one per request');
        assert.match(logged[0]!, new RegExp(`${missing} is missing`));
        for (const secret of [SECRET_ID, SECRET_KEY])
          assert.ok(!logged[0]!.includes(secret), 'no credential value in the log');
      });
    }

    test('another origin is still refused with 403, and the preflight of a listed one still answered', async (t) => {
      silenceConsoleError(t);
      const handler = setup.create({ secretKey: undefined }, countingFetch().fetch);
      const refused = await handler(
        new Request(ENDPOINT, { method: setup.method, headers: { Origin: 'https://evil.example' } }),
      );
      assert.equal(refused.status, 403);
      const preflight = await handler(pageRequest({ method: 'OPTIONS' }));
      assert.equal(preflight.status, 204);
    });
  });
}

describe('options present but wrong still throw at creation, with or without credentials', () => {
  for (const credentials of [{}, { secretId: undefined, secretKey: undefined }]) {
    const label = Object.keys(credentials).length === 0 ? 'with credentials' : 'without credentials';
    test(label, () => {
      const base = {
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        allowedOrigins: [PAGE_ORIGIN],
        session: () => 'visitor-session',
        ...credentials,
      };
      const cos = { ...base, bucket: BUCKET, region: REGION };
      assert.throws(() => createFaceIdLiveCodeHandler({ ...base, baseUrl: 'not a url' }), /baseUrl/);
      assert.throws(() => createFaceIdLiveCodeHandler({ ...base, baseUrl: 'https://faceid.example/path' }), /baseUrl/);
      assert.throws(() => createCosLiveCodeHandler({ ...cos, expiresIn: 0 }), RangeError);
      assert.throws(() => createCosLiveCodeHandler({ ...cos, expiresIn: 301 }), RangeError);
      assert.throws(() => createCosLiveCodeHandler({ ...cos, bucket: 'no-appid' }), /bucket/);
      assert.throws(() => createLegacyLiveCodeHandler({ ...base, appId: 'abc' }), /appId/);
      assert.throws(() => createFaceIdLiveCodeHandler({ ...base, allowedOrigins: ['*'] }), /allowedOrigins/);
      assert.throws(() => createFaceIdLivenessHandler({ ...base, minSim: 101, acceptUnissuedCodes: true }), /minSim/);
      assert.throws(() => createCosLivenessHandler({ ...cos }), /acceptUnissuedCodes/);
      assert.throws(() => createFaceIdLiveCodeHandler({ ...base, session: undefined }), /session/);
    });
  }

  test('a credential that is present but malformed throws, naming it and not quoting it', () => {
    for (const create of [
      (secretKey: string) =>
        createFaceIdLiveCodeHandler({ secretId: SECRET_ID, secretKey, allowedOrigins: [], acceptUnboundCodes: true }),
      (secretKey: string) =>
        createCosLiveCodeHandler({
          secretId: SECRET_ID,
          secretKey,
          bucket: BUCKET,
          region: REGION,
          allowedOrigins: [],
          acceptUnboundCodes: true,
        }),
      (secretKey: string) =>
        createLegacyLiveCodeHandler({
          appId: APP_ID,
          secretId: SECRET_ID,
          secretKey,
          allowedOrigins: [],
          acceptUnboundCodes: true,
        }),
    ]) {
      assert.throws(
        () => create(`${SECRET_KEY}\n`),
        (error: Error) => /secretKey/.test(error.message) && !error.message.includes(SECRET_KEY),
      );
      assert.throws(() => create(42 as unknown as string), /secretKey/);
    }
  });
});
