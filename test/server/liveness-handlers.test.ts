// The verification loop against the fake Tencent of the demo (demo/mock/mock-verification-upstream.js), which
// recomputes every signature: a code from the code handler, then the take to the liveness handler.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { startMockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import type { MockOutcome, MockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import {
  createCosLiveCodeHandler,
  createCosLivenessHandler,
  createFaceIdLiveCodeHandler,
  createFaceIdLivenessHandler,
  createMemoryCodeStore,
} from '../../src/server/index.js';
import type {
  CodeStore,
  LiveCodeHandler,
  LivenessAnswer,
  LivenessHandler,
  LivenessHandlerOptions,
  LivenessOutcome,
} from '../../src/server/index.js';
import { BUCKET, ENDPOINT, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, TOKEN } from './fixtures.js';
import { makeTake } from './media.js';

const SESSION = { idCard: '11010119900307001X', name: '张三' };
const FIXABLE = [
  'FailedOperation.LipVoiceDetect',
  'FailedOperation.LipVoiceLow',
  'FailedOperation.LipVoiceRecognize',
  'FailedOperation.LipFaceIncomplete',
  'FailedOperation.LipMoveSmall',
  'FailedOperation.LipVideoQuaility',
  'FailedOperation.LipVideoInvalid',
  'FailedOperation.LipSizeError',
] as const;

const MP4 = await makeTake();
const WEBM = await makeTake({ container: 'webm' });

interface Loop {
  mock: MockVerificationUpstream;
  store: CodeStore;
  /** A code for `session` (default alice). */
  getCode(session?: string): Promise<string>;
  liveness: LivenessHandler;
  clock: { now: number };
  /** Every answer, for the secret scan. */
  answers: string[];
}

interface Flavour {
  name: string;
  codeHandler(baseUrl: string, store: CodeStore, now: () => number): LiveCodeHandler;
  readCode(response: Response): Promise<string>;
  livenessHandler(baseUrl: string, options: Partial<LivenessHandlerOptions> & Record<string, unknown>): LivenessHandler;
  /** What the fake upstream received as identity in the verification request. */
  sentIdentity(mock: MockVerificationUpstream): { idCard: string | null; name: string | null };
}

/** The integrator's session, from a cookie as an Express session would read it. */
const cookieSession = (request: Request) => /(?:^|;\s*)sid=(\w+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
/** Room for the tests that ask for many codes in one session; the limit has its own tests (sessions.test.ts). */
const ROOMY_LIMIT = { max: 1000, windowMs: 60_000 };

const lastVerification = (mock: MockVerificationUpstream) =>
  mock.requests.filter((r) => r.action !== 'GetLiveCode').at(-1)!;

// The fake upstream records the FaceID payload only by size; the identity is checked through a fetch spy instead.
const sentPayloads: string[] = [];
const spyFetch = async (url: string, init: RequestInit) => {
  // The take's request body is a stream (encoded piece by piece, see base64Body), read here from one branch of a
  // tee while the other goes upstream as it is; the code requests are strings.
  if (typeof init.body === 'string') sentPayloads.push(init.body);
  else if (init.body instanceof ReadableStream) {
    const [sent, read] = init.body.tee();
    const [answer, text] = await Promise.all([fetch(url, { ...init, body: sent }), new Response(read).text()]);
    sentPayloads.push(text);
    return answer;
  }
  return fetch(url, init);
};

const FLAVOURS: Flavour[] = [
  {
    name: 'COS CI',
    codeHandler: (baseUrl, codeStore, now) =>
      createCosLiveCodeHandler({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        securityToken: TOKEN,
        bucket: BUCKET,
        region: REGION,
        mode: 'proxy',
        baseUrl,
        codeStore,
        now,
        allowedOrigins: [PAGE_ORIGIN],
        session: cookieSession,
        codeIssueLimit: ROOMY_LIMIT,
      }),
    readCode: async (response) => /<LiveCode>(\d+)<\/LiveCode>/.exec(await response.text())![1]!,
    livenessHandler: (baseUrl, options) =>
      createCosLivenessHandler({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        securityToken: TOKEN,
        bucket: BUCKET,
        region: REGION,
        baseUrl,
        allowedOrigins: [PAGE_ORIGIN],
        ...options,
      }),
    sentIdentity(mock) {
      const query = new URL(lastVerification(mock).url, 'http://x').searchParams;
      return { idCard: query.get('IdCard'), name: query.get('Name') };
    },
  },
  {
    name: 'FaceID',
    codeHandler: (baseUrl, codeStore, now) =>
      createFaceIdLiveCodeHandler({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        token: TOKEN,
        baseUrl,
        codeStore,
        now,
        allowedOrigins: [PAGE_ORIGIN],
        session: cookieSession,
        codeIssueLimit: ROOMY_LIMIT,
      }),
    readCode: async (response) => ((await response.json()) as { Response: { LiveCode: string } }).Response.LiveCode,
    livenessHandler: (baseUrl, options) =>
      createFaceIdLivenessHandler({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        token: TOKEN,
        baseUrl,
        allowedOrigins: [PAGE_ORIGIN],
        fetch: spyFetch,
        ...options,
      }),
    sentIdentity() {
      const payload = JSON.parse(sentPayloads.at(-1)!) as { IdCard?: string; Name?: string };
      return { idCard: payload.IdCard ?? null, name: payload.Name ?? null };
    },
  },
];

function upload(
  video: Uint8Array<ArrayBuffer> | undefined,
  code: string | undefined,
  extra: Record<string, string> = {},
  key?: string,
  session: string | undefined = 'alice',
): Request {
  const form = new FormData();
  if (video) form.set('video', new Blob([video], { type: 'video/mp4' }), 'take.mp4');
  if (code !== undefined) form.set('code', code);
  for (const [name, value] of Object.entries(extra)) form.set(name, value);
  const headers: Record<string, string> = { Origin: PAGE_ORIGIN };
  if (key) headers['Idempotency-Key'] = key;
  if (session) headers.Cookie = `sid=${session}`;
  return new Request(ENDPOINT, { method: 'POST', body: form, headers });
}

async function startLoop(
  t: TestContext,
  flavour: Flavour,
  options: Partial<LivenessHandlerOptions> & Record<string, unknown> = {},
): Promise<Loop> {
  const clock = { now: Date.now() };
  const now = () => clock.now;
  const mock = await startMockVerificationUpstream({ secretId: SECRET_ID, secretKey: SECRET_KEY, now });
  t.after(() => mock.close());
  const store = createMemoryCodeStore({ now });
  const codes = flavour.codeHandler(mock.baseUrl, store, now);
  const answers: string[] = [];
  const inner = flavour.livenessHandler(mock.baseUrl, {
    codeStore: store,
    identity: async () => SESSION,
    now,
    session: cookieSession,
    ...options,
  });
  const liveness: LivenessHandler = async (request) => {
    const response = await inner(request);
    const text = await response.clone().text();
    answers.push([...response.headers].map(([n, v]) => `${n}: ${v}`).join('\n') + '\n\n' + text);
    return response;
  };
  return {
    mock,
    store,
    clock,
    answers,
    liveness,
    getCode: async (session = 'alice') =>
      flavour.readCode(
        await codes(new Request(ENDPOINT, { headers: { Origin: PAGE_ORIGIN, Cookie: `sid=${session}` } })),
      ),
  };
}

async function json(response: Response): Promise<LivenessAnswer & Record<string, unknown>> {
  return (await response.json()) as LivenessAnswer & Record<string, unknown>;
}

function assertNoSecrets(loop: Loop) {
  for (const text of loop.answers) {
    assert.ok(!text.includes(SECRET_KEY), `SecretKey leaked:\n${text}`);
    assert.ok(!text.includes(TOKEN), `token leaked:\n${text}`);
  }
}

for (const flavour of FLAVOURS) {
  describe(`${flavour.name} liveness handler against the fake upstream`, () => {
    test('success: a code from the code handler, then the take, verified once', async (t) => {
      const loop = await startLoop(t, flavour);
      const code = await loop.getCode();
      const response = await loop.liveness(upload(MP4, code, {}, crypto.randomUUID()));
      const body = await json(response);
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), PAGE_ORIGIN);
      assert.equal(response.headers.get('Cache-Control'), 'no-store');
      assert.ok(body.ok);
      assert.equal(body.result.passed, true);
      assert.equal(body.result.sim, 88.5);
      assert.match(body.result.requestId ?? '', /^mock-/);
      assert.equal('bestFrameBase64' in body.result, false, 'the best frame stays on the server by default');
      assert.equal(loop.mock.state().verifications, 1);
      assert.deepEqual(flavour.sentIdentity(loop.mock), SESSION);
      // Sent with its length, not chunked: not every gateway takes a chunked upload.
      const sent = lastVerification(loop.mock);
      assert.equal(Number(sent.headers['content-length']), sent.bodyBytes);
      assert.equal(sent.headers['transfer-encoding'], undefined);
      assertNoSecrets(loop);
    });

    test('each fixable failure comes back as rejected with its code, and a retake with a new code passes', async (t) => {
      const loop = await startLoop(t, flavour);
      for (const failure of FIXABLE) {
        loop.mock.setOutcomes([failure]);
        const response = await loop.liveness(upload(MP4, await loop.getCode(), {}, crypto.randomUUID()));
        const body = await json(response);
        assert.equal(response.status, 422, failure);
        assert.deepEqual(Object.keys(body).sort(), ['message', 'ok', 'reason', 'requestId', 'upstreamCode']);
        assert.equal(body.ok, false);
        assert.equal(body.reason, 'rejected');
        assert.equal(body.upstreamCode, failure);
        assert.equal(typeof body.message, 'string');
        const retake = await json(await loop.liveness(upload(MP4, await loop.getCode(), {}, crypto.randomUUID())));
        assert.ok(retake.ok && retake.result.passed, failure);
      }
      assert.equal(loop.mock.state().verifications, FIXABLE.length * 2);
      assertNoSecrets(loop);
    });

    test('a Success below minSim is verified but not passed', async (t) => {
      const loop = await startLoop(t, flavour);
      loop.mock.setOutcomes(['low-sim' satisfies MockOutcome]);
      const body = await json(await loop.liveness(upload(MP4, await loop.getCode())));
      assert.ok(body.ok);
      assert.equal(body.result.passed, false);
      assert.equal(body.result.sim, 42);
    });

    test('a code this server never issued is refused as stale-code, without an upstream call', async (t) => {
      const loop = await startLoop(t, flavour);
      const response = await loop.liveness(upload(MP4, '1234'));
      assert.equal(response.status, 422);
      assert.deepEqual(await json(response), {
        ok: false,
        reason: 'stale-code',
        message: 'This code was not issued by this server recently, or was already used: ask for a new code.',
      });
      assert.equal(loop.mock.state().verifications, 0);
    });

    test('a code verifies once: a replay, even of the same take, is refused', async (t) => {
      const loop = await startLoop(t, flavour);
      const code = await loop.getCode();
      assert.equal((await loop.liveness(upload(MP4, code, {}, crypto.randomUUID()))).status, 200);
      const replay = await loop.liveness(upload(MP4, code, {}, crypto.randomUUID()));
      assert.equal((await json(replay)).reason, 'stale-code');
      assert.equal(loop.mock.state().verifications, 1);
    });

    test('a code older than its lifetime is refused', async (t) => {
      const loop = await startLoop(t, flavour);
      const code = await loop.getCode();
      loop.clock.now += 10 * 60 * 1000;
      assert.equal((await json(await loop.liveness(upload(MP4, code)))).reason, 'stale-code');
    });

    test('a retry with the same Idempotency-Key gets the first answer, with one upstream call', async (t) => {
      const loop = await startLoop(t, flavour);
      const code = await loop.getCode();
      const key = crypto.randomUUID();
      loop.mock.setOutcomes(['FailedOperation.LipMoveSmall']);
      const first = await loop.liveness(upload(MP4, code, {}, key));
      const firstBody = await first.text();
      // Concurrent retries while nothing is cached yet share the one call too.
      const [second, third] = await Promise.all([
        loop.liveness(upload(MP4, code, {}, key)),
        loop.liveness(upload(MP4, code, {}, key)),
      ]);
      assert.equal(await second.text(), firstBody);
      assert.equal(second.status, first.status);
      assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(await third.text(), firstBody);
      assert.equal(loop.mock.state().verifications, 1);
    });

    test('concurrent uploads with one key make one upstream call', async (t) => {
      const loop = await startLoop(t, flavour);
      const code = await loop.getCode();
      const key = crypto.randomUUID();
      const answers = await Promise.all([1, 2, 3].map(() => loop.liveness(upload(MP4, code, {}, key))));
      const bodies = await Promise.all(answers.map((answer) => answer.text()));
      assert.equal(new Set(bodies).size, 1);
      assert.ok((JSON.parse(bodies[0]!) as LivenessAnswer).ok);
      assert.equal(loop.mock.state().verifications, 1);
    });

    test('a key reused for another take or code is refused', async (t) => {
      const loop = await startLoop(t, flavour);
      const key = crypto.randomUUID();
      await loop.liveness(upload(MP4, await loop.getCode(), {}, key));
      const other = await loop.liveness(upload(MP4, await loop.getCode(), {}, key));
      assert.equal(other.status, 422);
      assert.equal((await json(other)).reason, 'idempotency-key-reused');
      assert.equal(loop.mock.state().verifications, 1);
    });

    test('a WebM is refused before any call and keeps the code for an MP4 retake', async (t) => {
      const loop = await startLoop(t, flavour);
      const code = await loop.getCode();
      const response = await loop.liveness(upload(WEBM, code));
      const body = await json(response);
      assert.equal(response.status, 422);
      assert.equal(body.reason, 'unsupported-container');
      assert.match(String(body.message), /WebM.*MP4.*transcod/s);
      assert.deepEqual(body.details, { container: 'webm' });
      assert.equal(loop.mock.state().verifications, 0);
      assert.equal((await loop.liveness(upload(MP4, code))).status, 200);
    });

    test('a WebM passes through a configured transcoder', async (t) => {
      const loop = await startLoop(t, flavour, { transcode: async () => new Blob([MP4], { type: 'video/mp4' }) });
      assert.equal((await loop.liveness(upload(WEBM, await loop.getCode()))).status, 200);
    });

    test('an oversized upload is refused with 413 without reading it all or calling upstream', async (t) => {
      const loop = await startLoop(t, flavour);
      const response = await loop.liveness(upload(new Uint8Array(6_700_000), await loop.getCode()));
      assert.equal(response.status, 413);
      assert.equal((await json(response)).reason, 'too-large');
      const smallLimit = await startLoop(t, flavour, { maxBase64Bytes: 2000 });
      const refused = await smallLimit.liveness(upload(MP4, await smallLimit.getCode()));
      assert.equal(refused.status, 413);
      assert.equal(smallLimit.mock.state().verifications + loop.mock.state().verifications, 0);
    });

    test('identity fields from the browser are ignored, and hidden from the callbacks', async (t) => {
      let seenFields: Readonly<Record<string, string>> | undefined;
      let outcome: LivenessOutcome | undefined;
      const loop = await startLoop(t, flavour, {
        identity: async (_request: Request, fields: Readonly<Record<string, string>>) => {
          seenFields = fields;
          return SESSION;
        },
        onResult: (event: LivenessOutcome) => void (outcome = event),
      });
      const code = await loop.getCode();
      await loop.liveness(
        upload(MP4, code, { idCard: '999999999999999999', name: 'Mallory', IdCard: '8', orderId: '42' }),
      );
      assert.deepEqual(flavour.sentIdentity(loop.mock), SESSION);
      assert.deepEqual({ ...seenFields }, { code, orderId: '42' });
      assert.equal(outcome?.code, code);
      assert.equal(outcome?.bestFrameBase64, '/9j/mock-best-frame', 'the server side always sees the best frame');
      assert.ok(outcome?.answer.ok);
    });

    test('without an identity the take is refused with 401, the code kept; the browser may supply it only if allowed', async (t) => {
      const loop = await startLoop(t, flavour, { identity: async () => undefined });
      const code = await loop.getCode();
      const refused = await loop.liveness(upload(MP4, code, { idCard: SESSION.idCard, name: SESSION.name }));
      assert.equal(refused.status, 401);
      assert.equal((await json(refused)).reason, 'no-identity');
      const allowed = await startLoop(t, flavour, { identity: undefined, allowIdentityFromBrowser: true });
      const response = await allowed.liveness(
        upload(MP4, await allowed.getCode(), { idCard: '110101199001010000', name: '李四' }),
      );
      assert.equal(response.status, 200);
      assert.deepEqual(flavour.sentIdentity(allowed.mock), { idCard: '110101199001010000', name: '李四' });
      assert.equal(loop.mock.state().verifications, 0);
    });

    test('includeBestFrame sends the best frame to the browser', async (t) => {
      const loop = await startLoop(t, flavour, { includeBestFrame: true });
      const body = await json(await loop.liveness(upload(MP4, await loop.getCode())));
      assert.ok(body.ok);
      assert.equal(body.result.bestFrameBase64, '/9j/mock-best-frame');
    });

    test('an upstream that does not answer in time gives 504, kept for the retry of that take', async (t) => {
      const loop = await startLoop(t, flavour, { timeoutMs: 200 });
      loop.mock.setOutcomes(['hang']);
      const code = await loop.getCode();
      const key = crypto.randomUUID();
      const response = await loop.liveness(upload(MP4, code, {}, key));
      assert.equal(response.status, 504);
      assert.equal((await json(response)).reason, 'upstream-timeout');
      const retry = await loop.liveness(upload(MP4, code, {}, key));
      assert.equal(retry.status, 504);
      assert.equal(loop.mock.state().verifications, 1);
    });

    test('a wrong key is an upstream refusal (502), never an echo of the key', async (t) => {
      const loop = await startLoop(t, flavour, { secretKey: 'wrong-key-but-well-formed-0123456789' });
      const response = await loop.liveness(upload(MP4, await loop.getCode()));
      const body = await json(response);
      assert.equal(response.status, 502);
      assert.equal(body.reason, 'rejected');
      assert.match(String(body.upstreamCode), /^(SignatureDoesNotMatch|AuthFailure\.SignatureFailure)$/);
      assertNoSecrets(loop);
    });

    test('malformed requests are refused with 400 in the wire shape; GET with 405; other origins with 403', async (t) => {
      const loop = await startLoop(t, flavour);
      const code = await loop.getCode();
      const cases: [Request, number, string][] = [
        [
          new Request(ENDPOINT, {
            method: 'POST',
            body: '{"code":"1234"}',
            headers: { 'Content-Type': 'application/json', Cookie: 'sid=alice' },
          }),
          400,
          'bad-request',
        ],
        [upload(undefined, code), 400, 'bad-request'],
        [upload(MP4, undefined), 400, 'bad-request'],
        [upload(MP4, '12a4'), 400, 'bad-request'],
        [upload(MP4, code, {}, 'short'), 400, 'bad-request'],
        [new Request(ENDPOINT, { headers: { Origin: PAGE_ORIGIN } }), 405, 'method-not-allowed'],
        [
          new Request(ENDPOINT, { method: 'POST', headers: { Origin: 'https://evil.example' } }),
          403,
          'origin-not-allowed',
        ],
      ];
      for (const [request, status, reason] of cases) {
        const response = await loop.liveness(request);
        assert.equal(response.status, status, reason);
        const body = await json(response);
        assert.deepEqual([body.ok, body.reason, typeof body.message], [false, reason, 'string']);
      }
      const preflight = await loop.liveness(
        new Request(ENDPOINT, {
          method: 'OPTIONS',
          headers: { Origin: PAGE_ORIGIN, 'Access-Control-Request-Headers': 'idempotency-key' },
        }),
      );
      assert.equal(preflight.headers.get('Access-Control-Allow-Methods'), 'POST');
      assert.equal(preflight.headers.get('Access-Control-Allow-Headers'), 'idempotency-key');
      assert.equal(loop.mock.state().verifications, 0);
      assert.equal((await loop.liveness(upload(MP4, code))).status, 200, 'the refusals left the code unused');
    });
  });
}

describe('liveness handler options', () => {
  const base = { secretId: SECRET_ID, secretKey: SECRET_KEY, allowedOrigins: [PAGE_ORIGIN], acceptUnboundCodes: true };

  test('without a code store, acceptUnissuedCodes must be set explicitly', () => {
    assert.throws(() => createFaceIdLivenessHandler({ ...base }), /codeStore.*acceptUnissuedCodes/s);
    assert.throws(() => createCosLivenessHandler({ ...base, bucket: BUCKET, region: REGION }), /acceptUnissuedCodes/);
    assert.doesNotThrow(() => createFaceIdLivenessHandler({ ...base, acceptUnissuedCodes: true }));
  });

  test('acceptUnissuedCodes: any code goes to Tencent (COS presign mode)', async (t) => {
    const mock = await startMockVerificationUpstream({ secretId: SECRET_ID, secretKey: SECRET_KEY });
    t.after(() => mock.close());
    const handler = createCosLivenessHandler({
      ...base,
      bucket: BUCKET,
      region: REGION,
      baseUrl: mock.baseUrl,
      acceptUnissuedCodes: true,
      identity: async () => SESSION,
    });
    assert.equal((await handler(upload(MP4, '0521'))).status, 200);
    assert.equal((await handler(upload(MP4, '0521'))).status, 200, 'no replay protection without a store');
  });

  test('LivenessCompare sends the reference photo, and refuses without one', async (t) => {
    const mock = await startMockVerificationUpstream({ secretId: SECRET_ID, secretKey: SECRET_KEY });
    t.after(() => mock.close());
    let photo: Uint8Array | undefined = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    const handler = createFaceIdLivenessHandler({
      ...base,
      baseUrl: mock.baseUrl,
      action: 'LivenessCompare',
      acceptUnissuedCodes: true,
      fetch: spyFetch,
      referencePhoto: async () => photo,
    });
    assert.equal((await handler(upload(MP4, '0521'))).status, 200);
    const payload = JSON.parse(sentPayloads.at(-1)!) as Record<string, string>;
    assert.equal(payload.ImageBase64, '/9j/4A==');
    assert.equal(payload.IdCard, undefined);
    assert.equal(lastVerification(mock).action, 'LivenessCompare');
    photo = undefined;
    assert.equal((await handler(upload(MP4, '0521'))).status, 401);
    assert.throws(
      () => createFaceIdLivenessHandler({ ...base, action: 'LivenessCompare', acceptUnissuedCodes: true }),
      /referencePhoto/,
    );
  });

  test('bad options fail at creation without quoting a credential', () => {
    const attempts = [
      () => createFaceIdLivenessHandler({ ...base, acceptUnissuedCodes: true, minSim: 101 }),
      () =>
        createFaceIdLivenessHandler({
          ...base,
          acceptUnissuedCodes: true,
          minDurationSeconds: 9,
          maxDurationSeconds: 2,
        }),
      () => createFaceIdLivenessHandler({ ...base, acceptUnissuedCodes: true, secretKey: `${SECRET_KEY}\n` }),
      () =>
        createCosLivenessHandler({
          ...base,
          acceptUnissuedCodes: true,
          securityToken: TOKEN,
          bucket: 'bad bucket',
          region: REGION,
        }),
      () =>
        createFaceIdLivenessHandler({
          ...base,
          token: TOKEN,
          acceptUnissuedCodes: true,
          action: 'Detect' as 'LivenessCompare',
        }),
    ];
    for (const attempt of attempts) {
      assert.throws(attempt, (error: Error) => !error.message.includes(SECRET_KEY) && !error.message.includes(TOKEN));
    }
  });
});
