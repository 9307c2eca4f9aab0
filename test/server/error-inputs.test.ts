// Issue 12, finding 9: an error must not carry an input value, in `input`, `cause` or its message, since errors end
// up in logs and, through careless integrator code, in answers. Node's URL error, for one, keeps the bad URL in
// `input`. Every public function and handler factory is called with each of its string inputs replaced by hostile
// values (a bad URL, spaces, a lone surrogate, a non-string), and whatever it throws is inspected in full.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import {
  cosAuthorization,
  cosPresignedUrl,
  createCosLiveCodeHandler,
  createCosLivenessHandler,
  createFaceIdLiveCodeHandler,
  createFaceIdLivenessHandler,
  createLegacyLiveCodeHandler,
  createMemoryCodeStore,
  imageAuthorization,
  tc3Authorization,
} from '../../src/server/index.js';
import { APP_ID, BUCKET, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, TOKEN } from './fixtures.js';

const MARK = 'Xyzzy7q';
const HOSTILE: unknown[] = [
  `http://[${MARK}`,
  `${MARK} with spaces`,
  `\uD800${MARK}`,
  `*${MARK}*`,
  { toString: () => `http://[${MARK}` },
];

type Call = (input: Record<string, unknown>) => unknown;

const SUBJECTS: Array<{ name: string; call: Call; input: Record<string, unknown> }> = [
  {
    name: 'cosPresignedUrl',
    call: (input) => cosPresignedUrl(input as never),
    input: {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      securityToken: TOKEN,
      bucket: BUCKET,
      region: REGION,
      pathname: '/',
      query: { a: 'b' },
      startTime: 1,
      expiresIn: 60,
      baseUrl: 'https://x.example',
    },
  },
  {
    name: 'cosAuthorization',
    call: (input) => cosAuthorization(input as never),
    input: {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      method: 'get',
      pathname: '/',
      query: { a: 'b' },
      headers: { host: 'x.example' },
      keyTime: '1;61',
    },
  },
  {
    name: 'tc3Authorization',
    call: (input) => tc3Authorization(input as never),
    input: {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      service: 'faceid',
      host: 'faceid.tencentcloudapi.com',
      contentType: 'application/json',
      payload: '{}',
      timestamp: 1,
    },
  },
  {
    name: 'imageAuthorization',
    call: (input) => imageAuthorization(input as never),
    input: {
      appId: APP_ID,
      bucket: 'b',
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      expires: 2,
      now: 1,
      rand: 1,
      fileId: 'f',
    },
  },
  ...(['presign', 'proxy'] as const).map((mode) => ({
    name: `createCosLiveCodeHandler (${mode})`,
    call: (input: Record<string, unknown>) => createCosLiveCodeHandler(input as never),
    input: {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      securityToken: TOKEN,
      bucket: BUCKET,
      region: REGION,
      mode,
      allowedOrigins: [PAGE_ORIGIN],
      baseUrl: 'https://x.example',
      session: () => 's',
    },
  })),
  {
    name: 'createFaceIdLiveCodeHandler',
    call: (input) => createFaceIdLiveCodeHandler(input as never),
    input: {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      token: TOKEN,
      region: 'ap-guangzhou',
      allowedOrigins: [PAGE_ORIGIN],
      baseUrl: 'https://x.example',
      session: () => 's',
    },
  },
  {
    name: 'createLegacyLiveCodeHandler',
    call: (input) => createLegacyLiveCodeHandler(input as never),
    input: {
      appId: APP_ID,
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      allowedOrigins: [PAGE_ORIGIN],
      baseUrl: 'https://x.example',
      session: () => 's',
    },
  },
  {
    name: 'createCosLivenessHandler',
    call: (input) => createCosLivenessHandler(input as never),
    input: {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      securityToken: TOKEN,
      bucket: BUCKET,
      region: REGION,
      allowedOrigins: [PAGE_ORIGIN],
      baseUrl: 'https://x.example',
      acceptUnissuedCodes: true,
      session: () => 's',
    },
  },
  {
    name: 'createFaceIdLivenessHandler',
    call: (input) => createFaceIdLivenessHandler(input as never),
    input: {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      token: TOKEN,
      region: 'ap-guangzhou',
      action: 'LivenessRecognition',
      allowedOrigins: [PAGE_ORIGIN],
      baseUrl: 'https://x.example',
      acceptUnissuedCodes: true,
      session: () => 's',
    },
  },
  {
    name: 'createMemoryCodeStore().remember',
    call: (input) => createMemoryCodeStore().remember('session', input.code as string, 1000),
    input: { code: '0521' },
  },
];

/** Every variant of the input with one string field (or one entry of a string record or list) made hostile. */
function* variants(input: Record<string, unknown>): Generator<[string, Record<string, unknown>]> {
  for (const [key, value] of Object.entries(input)) {
    for (const hostile of HOSTILE) {
      if (typeof value === 'string') yield [key, { ...input, [key]: hostile }];
      else if (Array.isArray(value)) yield [`${key}[0]`, { ...input, [key]: [hostile] }];
      else if (typeof value === 'object' && value !== null) {
        yield [`${key} value`, { ...input, [key]: { ...value, a: hostile } }];
        if (typeof hostile === 'string')
          yield [`${key} key`, { ...input, [key]: { ...value, [hostile]: 'v', [hostile.toUpperCase()]: 'v' } }];
      }
    }
  }
}

async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('no error thrown by the package carries an input value', () => {
  test('cosPresignedUrl with a bad baseUrl throws a TypeError that names the option, not the value (finding 9)', async () => {
    const error = await thrown(() => cosPresignedUrl({ ...SUBJECTS[0]!.input, baseUrl: `http://[${MARK}` } as never));
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /baseUrl/);
    assert.equal((error as { input?: unknown }).input, undefined);
    assert.equal(error.cause, undefined);
    assert.doesNotMatch(inspect(error, { showHidden: true, depth: 10 }), new RegExp(MARK, 'i'));
  });

  for (const { name, call, input } of SUBJECTS) {
    test(`${name}: every hostile string input, in every field`, async () => {
      let errors = 0;
      for (const [field, variant] of variants(input)) {
        const error = await thrown(() => call(variant));
        if (error === undefined) continue;
        errors += 1;
        const seen = inspect(error, { showHidden: true, depth: 10 });
        assert.doesNotMatch(seen, new RegExp(MARK, 'i'), `${name}, ${field}: ${seen.slice(0, 300)}`);
      }
      assert.ok(errors > 0, 'no variant was refused: the test would prove nothing');
    });
  }
});
