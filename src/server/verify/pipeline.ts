// What both liveness handlers do around their upstream call: find the session, read the multipart upload within a
// size limit, find the identity, check the take, make sure the code was issued here to this session and spend it
// once, and answer in the wire shape of src/protocol/wire.ts, the same answer again for a retry of the same take by
// the same session. Who is asking is settled before the upload is inspected: anonymous uploads are never parsed.
import { sha256Hex, sha256HexOfBytes } from '../signing/crypto.js';
import { commonSettings } from '../http/options.js';
import type { CommonSettings } from '../http/options.js';
import { jsonResponse, STORE_RETRY_AFTER_MS, withRetryAfter } from '../http/error-shapes.js';
import { serve } from '../http/serve.js';
import type { CommonHandlerOptions, ErrorShape, FailureKind, LivenessHandler } from '../http/types.js';
import { checkTakeBytes, maxRawBytes, takeLimits } from './checks.js';
import type { TakeCheckOptions } from './checks.js';
import type { CodeStore } from '../codes/code-store.js';
import { concurrencyGate } from './gate.js';
import { parseMultipart } from './multipart.js';
import { createMemoryIdempotencyStore } from './idempotency.js';
import type { IdempotencyStore, StoredAnswer } from './idempotency.js';
import { codeOwner, sessionCallback, sessionOf } from '../http/session.js';
import type { SessionOptions } from '../http/session.js';
import {
  IDEMPOTENCY_KEY_HEADER,
  LIVENESS_CODE_FIELD,
  LIVENESS_REFUSAL_STATUS,
  LIVENESS_VIDEO_FIELD,
} from '../../protocol/wire.js';
import type {
  LivenessAnswer,
  LivenessRefusalAnswer,
  LivenessRefusalReason,
  LivenessRejectedAnswer,
  LivenessResult,
  TakeRefusalDetails,
} from '../../protocol/wire.js';

/** The person whose identity the take is checked against (FaceID `LivenessRecognition`, COS CI). */
export interface LivenessIdentity {
  /** The ID card number. */
  idCard: string;
  name: string;
}

/** The text fields of the upload, besides `video`; `idCard` and `name` only with `allowIdentityFromBrowser`. */
export type SubmittedFields = Readonly<Record<string, string>>;

/** Told to `onResult` after every verification, on the server: record the outcome here, not from the browser. */
export interface LivenessOutcome {
  request: Request;
  fields: SubmittedFields;
  code: string;
  /** What the browser gets. */
  answer: LivenessAnswer;
  /** The best frame, base64 JPEG, whatever `includeBestFrame` says. */
  bestFrameBase64?: string;
}

/** Options both liveness handlers take. */
export interface LivenessHandlerOptions extends CommonHandlerOptions, TakeCheckOptions, SessionOptions {
  /**
   * The store the code handler remembers codes in (proxy mode): only codes issued there to the same session within
   * their lifetime are accepted, each once. Required unless `acceptUnissuedCodes` is true.
   */
  codeStore?: CodeStore | undefined;
  /** Where answers are kept for the retries of a take. Default: in this process's memory. */
  idempotencyStore?: IdempotencyStore | undefined;
  /**
   * Accept any code, without replay protection: for COS presign mode, where this server never sees the code. Any
   * code a person once read can then be submitted again with an old video. Default false.
   */
  acceptUnissuedCodes?: boolean | undefined;
  /**
   * Let the browser's `idCard` and `name` fields stand in when `identity` is absent or gives nothing. Default false.
   */
  allowIdentityFromBrowser?: boolean | undefined;
  /** Similarity (0–100) from which a Success counts as passed. Default 70, Tencent's recommendation. */
  minSim?: number | undefined;
  /** Send the best frame to the browser (`result.bestFrameBase64`). Default false. */
  includeBestFrame?: boolean | undefined;
  /** How long the answer to a take is kept for its retries, in milliseconds. Default 300000 (5 minutes). */
  idempotencyTtlMs?: number | undefined;
  /** Called after every verification (not for refusals before it); awaited before the browser gets the answer. */
  onResult?: ((outcome: LivenessOutcome) => void | Promise<void>) | undefined;
  /**
   * How many uploads this handler reads and verifies at once; past it the answer is 503 `server-busy` with
   * `Retry-After`. Each one holds its take (up to ~6 MB) in memory. Default 4.
   */
  maxConcurrentVerifications?: number | undefined;
  /** Milliseconds the upload may take to arrive; past it the answer is 408 `request-timeout`. Default 30000. */
  readTimeoutMs?: number | undefined;
}

/** What an upstream's verification produced, before it is answered. */
export type Verdict =
  | { kind: 'verified'; result: LivenessResult; bestFrameBase64?: string }
  | { kind: 'rejected'; answer: LivenessRejectedAnswer; status: number }
  | { kind: 'failed'; reason: LivenessRefusalReason };

export interface Take {
  request: Request;
  fields: SubmittedFields;
  code: string;
  /** The MP4 to send. Made on first read: the handlers themselves send `verify`'s bytes, not this copy. */
  video: Blob;
}

/** A Take whose `video` Blob is copied from `bytes()` only if someone reads it. */
function takeOf(request: Request, fields: SubmittedFields, code: string, bytes: () => Uint8Array): Take {
  let video: Blob | undefined;
  const take = { request, fields, code } as Take;
  Object.defineProperty(take, 'video', {
    enumerable: true,
    get: () => (video ??= new Blob([bytes() as Uint8Array<ArrayBuffer>], { type: 'video/mp4' })),
  });
  return take;
}

export interface LivenessUpstream<Prepared> {
  /**
   * Finds what the upstream needs besides the take (identity, reference photo); undefined refuses with
   * `no-identity`. `browserIdentity` is set only when `allowIdentityFromBrowser` is.
   */
  prepare(take: Take, browserIdentity: LivenessIdentity | undefined): Promise<Prepared | undefined>;
  /** `video` is the take's MP4, a view the upstream must not keep. */
  verify(take: Take, prepared: Prepared, video: Uint8Array): Promise<Verdict>;
}

/** The identity callback of the handlers that verify against the ID card database. */
export type IdentityCallback = (request: Request, fields: SubmittedFields) => Promise<LivenessIdentity | undefined>;

/** The integrator's identity first, then (only when allowed) the browser's; trimmed, and complete or nothing. */
export async function resolveIdentity(
  callback: IdentityCallback | undefined,
  take: Take,
  browserIdentity: LivenessIdentity | undefined,
): Promise<LivenessIdentity | undefined> {
  const found = (await callback?.(take.request, take.fields)) ?? browserIdentity;
  const idCard = typeof found?.idCard === 'string' ? found.idCard.trim() : '';
  const name = typeof found?.name === 'string' ? found.name.trim() : '';
  return idCard && name ? { idCard, name } : undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_CONCURRENT_VERIFICATIONS = 4;
const DEFAULT_READ_TIMEOUT_MS = 30_000;
/** A verification takes a few seconds upstream. */
const BUSY_RETRY_AFTER_SECONDS = '5';
const DEFAULT_MIN_SIM = 70;
const DEFAULT_IDEMPOTENCY_TTL_MS = 5 * 60 * 1000;
const IDEMPOTENCY_MAX_ENTRIES = 10_000;
/** Room for the multipart framing and the page's text fields on top of the largest video. */
const MULTIPART_OVERHEAD_BYTES = 256 * 1024;
const IDENTITY_FIELDS = /^(id_?card|name)$/i;

const MESSAGES: Record<LivenessRefusalReason, string> = {
  'bad-request': 'The upload must be multipart/form-data with a video file and the code.',
  'not-a-video': 'The take is not a video file this server can read.',
  'unsupported-container': 'The take is not an MP4.',
  'too-short': 'The take is too short.',
  'too-long': 'The take is too long.',
  'too-large': 'The upload is larger than Tencent accepts.',
  'no-audio': 'The take has no audio.',
  'no-video': 'The take has no video.',
  'stale-code': 'This code was not issued by this server recently, or was already used: ask for a new code.',
  'idempotency-key-reused': 'This Idempotency-Key was already used for another upload.',
  'no-identity': 'No identity to verify the take against: sign in first.',
  unavailable: 'The verification endpoint is unavailable for a moment: retry later.',
  'origin-not-allowed': 'This origin may not use the verification endpoint.',
  'method-not-allowed': 'The verification endpoint serves only POST.',
  'request-timeout': 'The upload did not arrive in time.',
  'server-busy': 'Too many verifications are running: try again shortly.',
  'upstream-timeout': 'The verification service did not answer in time.',
  'upstream-unreachable': 'The verification service could not be reached.',
  'upstream-withheld': 'The verification answer was withheld because it contained a credential.',
  'upstream-invalid': 'The verification service answered something unexpected.',
  internal: 'The verification endpoint failed.',
};

const FAILURE_REASONS: Record<FailureKind, LivenessRefusalReason> = {
  origin: 'origin-not-allowed',
  method: 'method-not-allowed',
  'no-session': 'no-identity',
  // The liveness handlers limit nothing per session; should one ever answer this, "retry later" is right.
  'rate-limited': 'unavailable',
  unavailable: 'unavailable',
  timeout: 'upstream-timeout',
  unreachable: 'upstream-unreachable',
  withheld: 'upstream-withheld',
  internal: 'internal',
};

export function refusalReasonOf(kind: FailureKind): LivenessRefusalReason {
  return FAILURE_REASONS[kind];
}

function refusal(reason: LivenessRefusalReason, message?: string, details?: TakeRefusalDetails): StoredAnswer {
  return refusalAnswer({ ok: false, reason, message: message ?? MESSAGES[reason], ...(details ? { details } : {}) });
}

function refusalAnswer(answer: LivenessRefusalAnswer): StoredAnswer {
  return { status: LIVENESS_REFUSAL_STATUS[answer.reason], body: JSON.stringify(answer) };
}

function toResponse(answer: StoredAnswer): Response {
  const response = new Response(answer.body, {
    status: answer.status,
    headers: { 'Content-Type': 'application/json' },
  });
  return answer.status === 503 ? withRetryAfter(response, STORE_RETRY_AFTER_MS) : response;
}

/** A store failed: the handler answers 503 rather than verify without the checks the store makes. */
class StoreFailure extends Error {}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    // No cause kept: a store error could quote a connection string with its password.
    throw new StoreFailure('A store failed');
  }
}

/** The JSON error of the handler's own failures (origin, method, exceptions), for `serve`. */
export function livenessError(kind: FailureKind): Response {
  return toResponse(refusal(FAILURE_REASONS[kind]));
}

/** Reads at most `limit` bytes of the body within `timeoutMs`; undefined when it is longer, 'timeout' when slower. */
async function readCapped(
  request: Request,
  limit: number,
  timeoutMs: number,
): Promise<Uint8Array<ArrayBuffer> | undefined | 'timeout'> {
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN);
  if (declared > limit) return undefined;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  let timedOut = false;
  // Cancelling settles the pending read at once; the cancellation itself is not awaited, since it waits for the
  // slow client.
  const timer = setTimeout(() => {
    timedOut = true;
    void reader.cancel().catch(() => {});
  }, timeoutMs);
  try {
    // Written in place into one buffer when the size is declared (browsers declare it for FormData): a list of
    // chunks joined at the end would hold the upload twice.
    let joined = new Uint8Array(Number.isSafeInteger(declared) && declared >= 0 ? declared : 64 * 1024);
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) return 'timeout';
      if (done) break;
      if (total + value.byteLength > limit) {
        await reader.cancel();
        return undefined;
      }
      if (total + value.byteLength > joined.length) {
        const grown = new Uint8Array(Math.min(limit, Math.max(joined.length * 2, total + value.byteLength)));
        grown.set(joined.subarray(0, total));
        joined = grown;
      }
      joined.set(value, total);
      total += value.byteLength;
    }
    return joined.subarray(0, total);
  } finally {
    clearTimeout(timer);
  }
}

interface Upload {
  /** A view into the request body. */
  video: Uint8Array;
  code: string;
  fields: Record<string, string>;
  browserIdentity: LivenessIdentity | undefined;
}

async function readUpload(
  request: Request,
  limit: number,
  timeoutMs: number,
  allowIdentityFromBrowser: boolean,
): Promise<Upload | StoredAnswer> {
  const contentType = request.headers.get('Content-Type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return refusal('bad-request');
  const bytes = await readCapped(request, limit, timeoutMs);
  if (bytes === 'timeout') return refusal('request-timeout');
  if (bytes === undefined) return refusal('too-large');
  const parts = parseMultipart(bytes, contentType);
  if (parts === undefined) return refusal('bad-request', 'The multipart body could not be read.');
  const video = parts.find((part) => part.name === LIVENESS_VIDEO_FIELD);
  const decoder = new TextDecoder();
  const texts = parts
    .filter((part) => part.filename === undefined)
    .map((part) => [part.name, decoder.decode(part.body)] as const);
  const code = texts.find(([name]) => name === LIVENESS_CODE_FIELD)?.[1];
  if (video?.filename === undefined) return refusal('bad-request', 'The upload has no video file.');
  if (code === undefined || !/^\d{1,16}$/.test(code))
    return refusal('bad-request', 'The upload has no code, or it is not digits.');
  const fields: Record<string, string> = {};
  const fromBrowser: Record<string, string> = {};
  for (const [name, value] of texts) {
    if (name === LIVENESS_VIDEO_FIELD) continue;
    if (IDENTITY_FIELDS.test(name)) {
      // Dropped, not just ignored: no integrator callback can read them by mistake.
      if (allowIdentityFromBrowser) {
        fields[name] = value;
        fromBrowser[name.toLowerCase().replace('_', '')] = value.trim();
      }
      continue;
    }
    fields[name] = value;
  }
  const browserIdentity =
    fromBrowser.idcard && fromBrowser.name ? { idCard: fromBrowser.idcard, name: fromBrowser.name } : undefined;
  return { video: video.body, code, fields, browserIdentity };
}

async function fingerprintOf(upload: Upload): Promise<string> {
  const videoHash = await sha256HexOfBytes(upload.video);
  return sha256Hex(`${upload.code}\n${videoHash}`);
}

export function createLivenessHandler<Prepared>(
  options: LivenessHandlerOptions,
  makeUpstream: (settings: CommonSettings) => LivenessUpstream<Prepared>,
): LivenessHandler {
  const settings = commonSettings({ ...options, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const upstream = makeUpstream(settings);
  const limits = takeLimits(options);
  const session = sessionCallback(options);
  const { codeStore } = options;
  if (codeStore === undefined && options.acceptUnissuedCodes !== true) {
    throw new TypeError(
      'Pass the codeStore shared with the code handler (proxy mode), or set acceptUnissuedCodes: true to accept ' +
        'codes without replay protection',
    );
  }
  if (codeStore !== undefined && typeof codeStore.consume !== 'function') {
    throw new TypeError('codeStore must have consume(session, code)');
  }
  const idempotencyStore =
    options.idempotencyStore ??
    createMemoryIdempotencyStore({ maxEntries: IDEMPOTENCY_MAX_ENTRIES, now: settings.now });
  if (typeof idempotencyStore.run !== 'function')
    throw new TypeError('idempotencyStore must have run(key, fingerprint, produce, ttlMs)');
  const minSim = options.minSim ?? DEFAULT_MIN_SIM;
  if (!Number.isFinite(minSim) || minSim < 0 || minSim > 100) throw new RangeError('minSim must be from 0 to 100');
  const idempotencyTtlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  if (!Number.isFinite(idempotencyTtlMs) || idempotencyTtlMs <= 0)
    throw new TypeError('idempotencyTtlMs must be a positive number');
  const allowIdentityFromBrowser = options.allowIdentityFromBrowser === true;
  const bodyLimit = maxRawBytes(limits.maxBase64Bytes) + MULTIPART_OVERHEAD_BYTES;
  const maxConcurrent = options.maxConcurrentVerifications ?? DEFAULT_MAX_CONCURRENT_VERIFICATIONS;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
    throw new TypeError('maxConcurrentVerifications must be a positive integer');
  const readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  if (!Number.isFinite(readTimeoutMs) || readTimeoutMs <= 0)
    throw new TypeError('readTimeoutMs must be a positive number');
  const gated = concurrencyGate(maxConcurrent, () => {
    const busy = toResponse(refusal('server-busy'));
    busy.headers.set('Retry-After', BUSY_RETRY_AFTER_SECONDS);
    return busy;
  });

  /** Everything after the session is known and the upload read: identity, checks, the code, the upstream call. */
  async function decide(request: Request, owner: string, upload: Upload): Promise<StoredAnswer> {
    const fields = Object.freeze({ ...upload.fields });
    // The inspection takes the bytes over (see checkTakeBytes); the take's lazy Blob reads whichever is current.
    let video = upload.video;
    const take = takeOf(request, fields, upload.code, () => video);
    // The identity before the file: only someone the integrator knows gets a take inspected.
    const prepared = await upstream.prepare(take, allowIdentityFromBrowser ? upload.browserIdentity : undefined);
    if (prepared === undefined) return refusal('no-identity');
    const check = await checkTakeBytes(upload.video, options);
    if (!check.ok)
      return refusalAnswer({
        ok: false,
        reason: check.reason,
        message: check.message,
        ...(check.details ? { details: check.details } : {}),
      });
    video = check.bytes;
    // Spent only now, when nothing but the upstream call remains: a refused upload keeps the code for a retake.
    if (
      codeStore !== undefined &&
      !(await guarded(() => codeStore.consume(codeOwner(owner, upload.code), upload.code)))
    )
      return refusal('stale-code');
    const verdict = await upstream.verify(take, prepared, video);
    let answer: LivenessAnswer;
    let stored: StoredAnswer;
    let bestFrameBase64: string | undefined;
    if (verdict.kind === 'verified') {
      const sim = verdict.result.sim;
      const passed = verdict.result.passed && sim !== undefined && sim >= minSim;
      const result: LivenessResult = { ...verdict.result, passed };
      if (verdict.result.passed && !passed && result.description === undefined) {
        result.description =
          sim === undefined ? 'No similarity was returned.' : `Similarity ${sim} is below ${minSim}.`;
      }
      bestFrameBase64 = verdict.bestFrameBase64;
      if (options.includeBestFrame === true && bestFrameBase64 !== undefined) result.bestFrameBase64 = bestFrameBase64;
      answer = { ok: true, result };
      stored = { status: 200, body: JSON.stringify(answer) };
    } else if (verdict.kind === 'rejected') {
      answer = verdict.answer;
      stored = { status: verdict.status, body: JSON.stringify(answer) };
    } else {
      answer = { ok: false, reason: verdict.reason, message: MESSAGES[verdict.reason] };
      stored = refusalAnswer(answer);
    }
    await options.onResult?.({
      request,
      fields: take.fields,
      code: upload.code,
      answer,
      ...(bestFrameBase64 === undefined ? {} : { bestFrameBase64 }),
    });
    return stored;
  }

  async function answer(request: Request): Promise<Response> {
    const owner = await sessionOf(session, request);
    if (owner === undefined) return toResponse(refusal('no-identity', 'No session: sign in first.'));
    const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
    if (key !== null && !/^[\w-]{8,128}$/.test(key)) {
      return toResponse(refusal('bad-request', 'The Idempotency-Key must be 8 to 128 letters, digits, "-" or "_".'));
    }
    const upload = await readUpload(request, bodyLimit, readTimeoutMs, allowIdentityFromBrowser);
    if (!('video' in upload)) return toResponse(upload);
    try {
      if (key === null) return toResponse(await decide(request, owner, upload));
      // Scoped to the session: the same key from another session is another take, never a way to read this answer.
      let produced: { error: unknown } | undefined;
      const produce = () =>
        decide(request, owner, upload).catch((error: unknown) => {
          produced = { error };
          throw error;
        });
      const fingerprint = await fingerprintOf(upload);
      const outcome = await idempotencyStore
        .run(`${owner}:${key}`, fingerprint, produce, idempotencyTtlMs)
        .catch((error: unknown) => {
          // What `produce` threw stays what it was; anything else is the store's own failure.
          throw produced !== undefined && produced.error === error
            ? error
            : new StoreFailure('The idempotency store failed');
        });
      if (outcome === 'mismatch') return toResponse(refusal('idempotency-key-reused'));
      const response = toResponse(outcome.answer);
      if (outcome.reused) response.headers.set('Idempotent-Replayed', 'true');
      return response;
    } catch (error) {
      if (error instanceof StoreFailure) return toResponse(refusal('unavailable'));
      throw error;
    }
  }

  return (request) =>
    serve(request, {
      allowedOrigins: settings.allowedOrigins,
      errorShape: livenessError,
      answer: gated(answer),
      methods: ['POST'],
    });
}

/**
 * For the liveness handlers: their own JSON refusal, `{ ok: false, reason: 'internal', message }`, with the message.
 */
export const livenessErrorShape: ErrorShape = (kind, message) => {
  if (kind !== 'internal' || message === undefined) return livenessError(kind);
  const answer: LivenessRefusalAnswer = { ok: false, reason: 'internal', message };
  return jsonResponse(answer, 500);
};
