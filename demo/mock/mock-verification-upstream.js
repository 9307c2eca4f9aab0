// A fake Tencent Cloud for the whole liveness loop: it issues codes (to signed requests and pre-signed URLs) and
// verifies takes in both the COS CI and the FaceID (Cloud API 3.0) shapes, on its own local port, so the real
// handlers of `liveness-challenge/server` run against it with `baseUrl`. It checks each request the way Tencent
// documents it (docs/tencent.md §1–§3, §6): method, path, query, headers, the COS or TC3 signature (recomputed with
// the secret key it is given), the timestamp window, and the video (an MP4 `ftyp` box, at most 8 MiB after base64).
// It cannot hear the person, so it cannot check that the digits were read: the outcome of a verification is
// chosen instead (the knob below).
//
// The knob: `mock.setOutcomes(['FailedOperation.LipVoiceLow'])` queues the outcomes of the next verifications, one
// per call; when the queue is empty every verification succeeds. Outcomes:
//   'success'                     Result Success, Sim 88.5
//   'low-sim'                     Result Success, Sim 42 (verified, but not the same person: passed false)
//   'FailedOperation.<Name>'      that failure (e.g. FailedOperation.LipVoiceLow, LipMoveSmall, LipSizeError)
//   'hang'                        never answers (the handler's timeout)
// Pages reach the knob through `mockVerificationControl(mock)`, mounted on the page's own server:
//   POST /mock/verification/outcomes  {"outcomes":["FailedOperation.LipVoiceLow"]}   → 204
//   POST /mock/verification/outcomes {"outcomes":["FailedOperation.LipMoveSmall"],"code":"0521"} → that code's only
//   GET  /mock/verification/outcomes  → {"pending":[…],"verifications":N,"codesIssued":N,"verifiedCodes":{"0521":1}}
// Failures in COS shape are `<Error><Code>FailedOperation.…</Code>` with HTTP 400: COS documents no code list of its
// own for these, so the mock reuses FaceID's names.
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';

export const MOCK_CONTROL_PATH = '/mock/verification/outcomes';
const MAX_BASE64_BYTES = 8 * 1024 * 1024;
const TIMESTAMP_WINDOW_SECONDS = 300;

/** @param {string} value */
function cosUrlEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** @param {Record<string, string>} entries */
function cosPairs(entries) {
  const encoded = Object.entries(entries).map(([key, value]) => [cosUrlEncode(key).toLowerCase(), cosUrlEncode(value)]);
  encoded.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    pairs: encoded.map(([key, value]) => `${key}=${value}`).join('&'),
    list: encoded.map(([key]) => key).join(';'),
  };
}

/**
 * Checks a COS Authorization header against the request (docs/tencent.md §2); returns a problem, or undefined.
 * @param {{ secretId?: string, secretKey?: string, now: () => number }} config
 * @param {string} method @param {URL} url @param {import('node:http').IncomingHttpHeaders} headers
 */
function cosSignatureProblem(config, method, url, headers) {
  // A pre-signed URL (presign mode) carries the same fields in its query instead of the Authorization header.
  const fields = headers.authorization
    ? new Map(
        headers.authorization
          .split('&')
          .map((pair) => /** @type {[string, string]} */ (pair.split(/=(.*)/s).slice(0, 2))),
      )
    : new Map([...url.searchParams].filter(([key]) => key.startsWith('q-')));
  if (fields.get('q-sign-algorithm') !== 'sha1') return 'q-sign-algorithm must be sha1';
  if (config.secretId && fields.get('q-ak') !== config.secretId) return 'q-ak is not the SecretId';
  const keyTime = fields.get('q-key-time') ?? '';
  const match = /^(\d+);(\d+)$/.exec(keyTime);
  if (!match || fields.get('q-sign-time') !== keyTime) return 'q-sign-time/q-key-time malformed';
  const nowSeconds = Math.floor(config.now() / 1000);
  if (nowSeconds < Number(match[1]) - TIMESTAMP_WINDOW_SECONDS || nowSeconds > Number(match[2]))
    return 'the signature has expired';
  const query = Object.fromEntries(
    [...url.searchParams].filter(([key]) => !key.startsWith('q-') && key !== 'x-cos-security-token'),
  );
  const signedQuery = cosPairs(query);
  if (fields.get('q-url-param-list') !== signedQuery.list)
    return `q-url-param-list must list every parameter (${signedQuery.list})`;
  const headerList = (fields.get('q-header-list') ?? '').split(';').filter(Boolean);
  if (!headerList.includes('host')) return 'the host header must be signed';
  const signedHeaders = cosPairs(Object.fromEntries(headerList.map((name) => [name, String(headers[name] ?? '')])));
  if (!config.secretKey) return undefined;
  const httpString = `${method.toLowerCase()}\n${decodeURIComponent(url.pathname)}\n${signedQuery.pairs}\n${signedHeaders.pairs}\n`;
  const signKey = createHmac('sha1', config.secretKey).update(keyTime).digest('hex');
  const stringToSign = `sha1\n${keyTime}\n${createHash('sha1').update(httpString).digest('hex')}\n`;
  const signature = createHmac('sha1', signKey).update(stringToSign).digest('hex');
  return fields.get('q-signature') === signature ? undefined : 'q-signature does not match';
}

/**
 * Checks a TC3-HMAC-SHA256 request (docs/tencent.md §3); returns a problem, or undefined.
 * @param {{ secretId?: string, secretKey?: string, now: () => number }} config
 * @param {import('node:http').IncomingHttpHeaders} headers @param {string} body
 */
function tc3Problem(config, headers, body) {
  const timestamp = Number(headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp)) return 'X-TC-Timestamp is missing';
  if (Math.abs(Math.floor(config.now() / 1000) - timestamp) > TIMESTAMP_WINDOW_SECONDS)
    return 'X-TC-Timestamp is outside ±5 minutes';
  if (headers['x-tc-version'] !== '2018-03-01') return 'X-TC-Version must be 2018-03-01';
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const match =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/faceid\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(
      headers.authorization ?? '',
    );
  if (!match) return 'Authorization is not a TC3-HMAC-SHA256 header for faceid';
  if (config.secretId && match[1] !== config.secretId) return 'the Credential is not the SecretId';
  if (match[2] !== date) return 'the Credential date is not the UTC date of X-TC-Timestamp';
  if (!config.secretKey) return undefined;
  const sha256 = (/** @type {string} */ text) => createHash('sha256').update(text).digest('hex');
  const hmac = (/** @type {string | Buffer} */ key, /** @type {string} */ text) =>
    createHmac('sha256', key).update(text).digest();
  const canonical = `POST\n/\n\ncontent-type:${headers['content-type']}\nhost:${headers.host}\n\ncontent-type;host\n${sha256(body)}`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/faceid/tc3_request\n${sha256(canonical)}`;
  const signingKey = hmac(hmac(hmac(`TC3${config.secretKey}`, date), 'faceid'), 'tc3_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex') === match[3]
    ? undefined
    : 'the signature does not match';
}

/** @param {Buffer} video */
function videoProblem(video) {
  if (video.length === 0) return 'the video is empty';
  if (Math.ceil(video.length / 3) * 4 > MAX_BASE64_BYTES) return 'the video is larger than 8 MB after base64';
  if (video.subarray(4, 8).toString('latin1') !== 'ftyp') return 'the video is not an MP4';
  return undefined;
}

/** @param {string} text */
function escapeXml(text) {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

const DESCRIPTIONS = {
  'FailedOperation.LipVoiceDetect': '未检测到声音。',
  'FailedOperation.LipVoiceLow': '音量太低。',
  'FailedOperation.LipVoiceRecognize': '未能识别语音。',
  'FailedOperation.LipFaceIncomplete': '人脸不完整。',
  'FailedOperation.LipMoveSmall': '嘴唇动作幅度过小。',
  'FailedOperation.LipVideoQuaility': '视频分辨率过低。',
  'FailedOperation.LipVideoInvalid': '视频格式有误。',
  'FailedOperation.LipSizeError': '视频为空或大小不合适，建议录制6秒左右。',
};

/**
 * @param {{ port?: number, host?: string, secretId?: string, secretKey?: string, now?: () => number }} [options]
 */
export async function startMockVerificationUpstream(options = {}) {
  const config = { secretId: options.secretId, secretKey: options.secretKey, now: options.now ?? Date.now };
  /** @type {string[]} */
  const pending = [];
  /** Outcomes set for one code: they do not depend on the order of verifications (browsers test in parallel). */
  /** @type {Map<string, string>} */
  const byCode = new Map();
  /** @type {Record<string, number>} */
  const verifiedCodes = {};
  /** @type {{ method: string, url: string, headers: import('node:http').IncomingHttpHeaders, bodyBytes: number, action: string }[]} */
  const requests = [];
  const counts = { verifications: 0, codesIssued: 0 };
  /** @type {Set<import('node:http').ServerResponse>} */
  const hanging = new Set();
  let requestCount = 0;

  const requestId = () => `mock-${(requestCount += 1).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const code = () => String(Math.floor(Math.random() * 10000)).padStart(4, '0');

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const method = req.method ?? 'GET';
    const action = url.searchParams.get('ci-process') ?? String(req.headers['x-tc-action'] ?? '');
    requests.push({ method, url: req.url ?? '/', headers: req.headers, bodyBytes: body.length, action });
    const xml = (/** @type {number} */ status, /** @type {string} */ text) => {
      res.writeHead(status, { 'Content-Type': 'application/xml', 'x-cos-request-id': requestId() });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`);
    };
    const cosError = (/** @type {number} */ status, /** @type {string} */ errorCode, /** @type {string} */ message) =>
      xml(
        status,
        `<Error><Code>${escapeXml(errorCode)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId()}</RequestId></Error>`,
      );
    const cloud = (/** @type {Record<string, unknown>} */ response) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ Response: { ...response, RequestId: requestId() } }));
    };
    const cloudError = (/** @type {string} */ errorCode, /** @type {string} */ message) =>
      cloud({ Error: { Code: errorCode, Message: message } });
    const nextOutcome = (/** @type {string} */ validateData) => {
      verifiedCodes[validateData] = (verifiedCodes[validateData] ?? 0) + 1;
      const forCode = byCode.get(validateData);
      byCode.delete(validateData);
      return forCode ?? pending.shift() ?? 'success';
    };

    if (url.searchParams.has('ci-process')) {
      // COS CI.
      const problem = cosSignatureProblem(config, method, url, req.headers);
      if (problem) return cosError(403, 'SignatureDoesNotMatch', problem);
      if (action === 'GetLiveCode' && method === 'GET' && url.pathname === '/') {
        counts.codesIssued += 1;
        return xml(200, `<Response><LiveCode>${code()}</LiveCode></Response>`);
      }
      if (action !== 'LivenessRecognition' || method !== 'PUT' || url.pathname === '/') {
        return cosError(
          400,
          'InvalidArgument',
          'Expected GET /?ci-process=GetLiveCode or PUT /<key>?ci-process=LivenessRecognition.',
        );
      }
      const query = url.searchParams;
      if (query.get('LivenessType') !== 'LIP') return cosError(400, 'InvalidArgument', 'LivenessType must be LIP.');
      if (!/^\d{4}$/.test(query.get('ValidateData') ?? ''))
        return cosError(400, 'InvalidArgument', 'ValidateData must be the four digits.');
      if (!query.get('IdCard') || !query.get('Name'))
        return cosError(400, 'InvalidArgument', 'IdCard and Name are required.');
      const bad = videoProblem(body);
      if (bad) return cosError(400, 'FailedOperation.LipVideoInvalid', bad);
      counts.verifications += 1;
      const outcome = nextOutcome(query.get('ValidateData') ?? '');
      if (outcome === 'hang') return void hanging.add(res);
      if (outcome.startsWith('FailedOperation.'))
        return cosError(400, outcome, DESCRIPTIONS[/** @type {keyof typeof DESCRIPTIONS} */ (outcome)] ?? outcome);
      const sim = outcome === 'low-sim' ? '42.00' : '88.50';
      return xml(200, `<Response><BestFrameBase64>/9j/mock-best-frame</BestFrameBase64><Sim>${sim}</Sim></Response>`);
    }

    // Cloud API 3.0 FaceID.
    if (
      method !== 'POST' ||
      url.pathname !== '/' ||
      req.headers['content-type'] !== 'application/json; charset=utf-8'
    ) {
      return cloudError('InvalidParameter', 'Expected POST / with Content-Type application/json; charset=utf-8.');
    }
    const problem = tc3Problem(config, req.headers, body.toString('utf8'));
    if (problem) return cloudError('AuthFailure.SignatureFailure', problem);
    /** @type {Record<string, unknown>} */
    let payload;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return cloudError('InvalidParameter', 'The body is not JSON.');
    }
    if (action === 'GetLiveCode') {
      counts.codesIssued += 1;
      return cloud({ LiveCode: code() });
    }
    if (action !== 'LivenessRecognition' && action !== 'LivenessCompare')
      return cloudError('InvalidAction', `Unknown action ${action}.`);
    if (payload.LivenessType !== 'LIP') return cloudError('InvalidParameterValue', 'LivenessType must be LIP.');
    if (typeof payload.ValidateData !== 'string' || !/^\d{4}$/.test(payload.ValidateData)) {
      return cloudError('InvalidParameterValue', 'ValidateData must be the four digits.');
    }
    if (action === 'LivenessRecognition' && (!payload.IdCard || !payload.Name))
      return cloudError('InvalidParameter', 'IdCard and Name are required.');
    if (action === 'LivenessCompare' && typeof payload.ImageBase64 !== 'string')
      return cloudError('InvalidParameter', 'ImageBase64 is required.');
    if (
      typeof payload.VideoBase64 !== 'string' ||
      payload.VideoBase64.length > MAX_BASE64_BYTES ||
      !/^[A-Za-z0-9+/]*={0,2}$/.test(payload.VideoBase64)
    ) {
      return cloudError('InvalidParameterValue', 'VideoBase64 must be standard base64 of at most 8 MB.');
    }
    const bad = videoProblem(Buffer.from(payload.VideoBase64, 'base64'));
    if (bad) return cloudError('FailedOperation.LipVideoInvalid', bad);
    counts.verifications += 1;
    const outcome = nextOutcome(payload.ValidateData);
    if (outcome === 'hang') return void hanging.add(res);
    if (outcome.startsWith('FailedOperation.')) {
      return cloud({
        Result: outcome,
        Description: DESCRIPTIONS[/** @type {keyof typeof DESCRIPTIONS} */ (outcome)] ?? outcome,
        Sim: 0,
        BestFrameBase64: '',
      });
    }
    return cloud({
      Result: 'Success',
      Description: '成功',
      Sim: outcome === 'low-sim' ? 42 : 88.5,
      BestFrameBase64: '/9j/mock-best-frame',
    });
  });

  // Tencent keeps idle connections open far longer than Node's 5 s default. With 5 s, a test whose event loop was busy
  // for longer (a 10,000-request flood) could send its next request on a socket the server was just closing: a 502
  // that says nothing about the handler under test.
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined)),
  );
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const host = `${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    baseUrl: `http://${host}`,
    host,
    requests,
    /** @param {string[]} outcomes @param {string} [forCode] the outcome of that code's verification only */
    setOutcomes(outcomes, forCode) {
      if (forCode !== undefined) byCode.set(forCode, outcomes[0] ?? 'success');
      else pending.splice(0, pending.length, ...outcomes);
    },
    state() {
      return {
        pending: [...pending],
        verifications: counts.verifications,
        codesIssued: counts.codesIssued,
        verifiedCodes: { ...verifiedCodes },
      };
    },
    close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

const OUTCOME = /^(success|low-sim|hang|FailedOperation\.[A-Za-z]+)$/;

/**
 * Connect-style middleware (Vite, or Koa through `mockVerificationControlKoa`) exposing the knob to pages.
 * @param {{ setOutcomes(outcomes: string[], forCode?: string): void, state(): object }} mock
 */
export function mockVerificationControl(mock) {
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {() => void} next */
  return async (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== MOCK_CONTROL_PATH) return next();
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return void res.end(JSON.stringify(mock.state()));
    }
    let text = '';
    for await (const chunk of req) text += chunk;
    let outcomes;
    let forCode;
    try {
      ({ outcomes, code: forCode } = JSON.parse(text));
    } catch {
      outcomes = undefined;
    }
    if (
      req.method !== 'POST' ||
      !Array.isArray(outcomes) ||
      !outcomes.every((outcome) => typeof outcome === 'string' && OUTCOME.test(outcome))
    ) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      return void res.end('POST {"outcomes":["success"|"low-sim"|"hang"|"FailedOperation.<Name>", …]}');
    }
    mock.setOutcomes(outcomes, typeof forCode === 'string' ? forCode : undefined);
    res.writeHead(204).end();
  };
}

/**
 * The same knob as Koa middleware (the test runner's dev server).
 * @param {{ setOutcomes(outcomes: string[], forCode?: string): void, state(): object }} mock
 */
export function mockVerificationControlKoa(mock) {
  const connect = mockVerificationControl(mock);
  /** @param {any} context @param {() => Promise<void>} next */
  return async (context, next) => {
    if (context.path !== MOCK_CONTROL_PATH) return next();
    context.respond = false;
    await connect(context.req, context.res, () => undefined);
  };
}
