import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { liveCodeHandlerFromEnv } from '../../demo/from-env.js';
import { BUCKET, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, TOKEN } from './fixtures.js';

const KEYS = { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY };
const COS = { COS_BUCKET: BUCKET, COS_REGION: REGION };

async function presignedUrl(env: Record<string, string>): Promise<URL> {
  const built = liveCodeHandlerFromEnv(env);
  assert.ok(built);
  const response = await built.handler(new Request('http://localhost:5173/api/live-code'));
  return new URL(((await response.json()) as { url: string }).url);
}

describe('liveCodeHandlerFromEnv', () => {
  test('COS presign when the keys, bucket and region are set', async () => {
    const built = liveCodeHandlerFromEnv({ ...KEYS, ...COS });
    assert.equal(built?.description, `COS GetLiveCode (presigned, bucket ${BUCKET}, region ${REGION})`);
    const url = await presignedUrl({ ...KEYS, ...COS });
    assert.equal(url.host, `${BUCKET}.cos.${REGION}.myqcloud.com`);
    assert.equal(url.searchParams.get('q-ak'), SECRET_ID);
  });

  test('COS proxy with COS_MODE=proxy', async () => {
    const built = liveCodeHandlerFromEnv({ ...KEYS, ...COS, COS_MODE: 'proxy' });
    assert.equal(built?.description, `COS GetLiveCode (proxied, bucket ${BUCKET}, region ${REGION})`);
  });

  test('a session token makes the key temporary', async () => {
    const env = { ...KEYS, ...COS, TENCENTCLOUD_SESSION_TOKEN: TOKEN };
    assert.match(liveCodeHandlerFromEnv(env)?.description ?? '', /temporary key\)$/);
    assert.equal((await presignedUrl(env)).searchParams.get('x-cos-security-token'), TOKEN);
  });

  test('FaceID when FACEID_REGION or LIVENESS_UPSTREAM=faceid is set', () => {
    assert.equal(
      liveCodeHandlerFromEnv({ ...KEYS, FACEID_REGION: 'ap-guangzhou' })?.description,
      'FaceID GetLiveCode (Cloud API 3.0, region ap-guangzhou)',
    );
    assert.equal(
      liveCodeHandlerFromEnv({ ...KEYS, LIVENESS_UPSTREAM: 'faceid' })?.description,
      'FaceID GetLiveCode (Cloud API 3.0, default region)',
    );
    assert.match(
      liveCodeHandlerFromEnv({ ...KEYS, ...COS, LIVENESS_UPSTREAM: 'faceid' })?.description ?? '',
      /^FaceID/,
    );
  });

  test('undefined when the variables describe no upstream', () => {
    assert.equal(liveCodeHandlerFromEnv({}), undefined);
    assert.equal(liveCodeHandlerFromEnv(KEYS), undefined);
    assert.equal(liveCodeHandlerFromEnv({ ...COS, TENCENTCLOUD_SECRET_ID: SECRET_ID }), undefined);
    assert.equal(liveCodeHandlerFromEnv({ ...KEYS, COS_BUCKET: BUCKET }), undefined);
    assert.equal(liveCodeHandlerFromEnv({ ...KEYS, LIVENESS_UPSTREAM: 'cos' }), undefined);
    assert.equal(liveCodeHandlerFromEnv({ ...KEYS, ...COS, TENCENTCLOUD_SECRET_KEY: '  ' }), undefined);
  });

  test('a misnamed upstream or mode fails loudly instead of silently serving nothing', () => {
    assert.throws(() => liveCodeHandlerFromEnv({ ...KEYS, LIVENESS_UPSTREAM: 'face-id' }), /LIVENESS_UPSTREAM/);
    assert.throws(() => liveCodeHandlerFromEnv({ ...KEYS, ...COS, COS_MODE: 'presigned' }), /COS_MODE/);
  });

  test('LIVENESS_ALLOWED_ORIGINS lists the cross-origin pages', async () => {
    const built = liveCodeHandlerFromEnv({
      ...KEYS,
      ...COS,
      LIVENESS_ALLOWED_ORIGINS: ` ${PAGE_ORIGIN} , http://localhost:8000`,
    });
    const request = (origin: string) =>
      new Request('http://localhost:5173/api/live-code', { headers: { Origin: origin } });
    assert.equal((await built!.handler(request(PAGE_ORIGIN))).status, 200);
    assert.equal((await built!.handler(request('http://localhost:8000'))).status, 200);
    assert.equal((await built!.handler(request('http://localhost:9999'))).status, 403);
  });

  test('descriptions never contain a secret', () => {
    const envs = [
      { ...KEYS, ...COS, TENCENTCLOUD_SESSION_TOKEN: TOKEN },
      { ...KEYS, ...COS, COS_MODE: 'proxy', TENCENTCLOUD_SESSION_TOKEN: TOKEN },
      { ...KEYS, FACEID_REGION: 'ap-guangzhou', TENCENTCLOUD_SESSION_TOKEN: TOKEN },
    ];
    for (const env of envs) {
      const description = liveCodeHandlerFromEnv(env)?.description ?? '';
      assert.ok(description.length > 0);
      assert.ok(!description.includes(SECRET_KEY) && !description.includes(TOKEN), description);
    }
  });
});

describe('verificationLoopFromEnv', () => {
  test('without credentials or a fake upstream there is no loop', async () => {
    const { verificationLoopFromEnv } = await import('../../demo/from-env.js');
    assert.equal(verificationLoopFromEnv({}), undefined);
  });

  test('against the fake upstream: a code, then a verified take', async (t) => {
    const { verificationLoopFromEnv } = await import('../../demo/from-env.js');
    const { startMockVerificationUpstream } = await import('../../demo/mock/mock-verification-upstream.js');
    const { makeTake } = await import('./media.js');
    const mock = await startMockVerificationUpstream({ secretId: 'AKIDmock', secretKey: 'mock-secret-key' });
    t.after(() => mock.close());
    const loop = verificationLoopFromEnv(
      { LIVENESS_ID_CARD: '11010119900307001X', LIVENESS_NAME: '张三' },
      {
        baseUrl: mock.baseUrl,
        secretId: 'AKIDmock',
        secretKey: 'mock-secret-key',
        session: (request) => request.headers.get('Cookie') ?? undefined,
      },
    )!;
    assert.match(loop.description, /^FaceID .*fake upstream.*LIVENESS_ID_CARD/);
    const code = (
      (await (
        await loop.codeHandler(new Request('http://localhost/api/live-code', { headers: { Cookie: 'sid=1' } }))
      ).json()) as { Response: { LiveCode: string } }
    ).Response.LiveCode;
    const form = new FormData();
    form.set('video', new Blob([await makeTake()]));
    form.set('code', code);
    const response = await loop.livenessHandler(
      new Request('http://localhost/api/liveness', { method: 'POST', body: form, headers: { Cookie: 'sid=1' } }),
    );
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { ok: boolean }).ok, true);
  });
});
