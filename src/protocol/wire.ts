// The wire contract between the liveness handlers and the element: what the browser sends, and every JSON answer
// it can get back. Each answer carries `ok`; failures carry a `reason` the element maps to its own zh-CN/en text.
// Both halves import it, so it holds names and data only: no Node and no DOM API.

/**
 * The request: `POST`, `multipart/form-data`, with
 * - `video`: the take (a file part), MP4;
 * - `code`: the digits the person read, as issued by this server's code endpoint;
 * - any other text fields the page adds (`submit-fields`): handed to the integrator's callbacks, never to Tencent.
 *   Fields named `idCard` or `name` are dropped unless the handler sets `allowIdentityFromBrowser: true`.
 * and the header `Idempotency-Key: <uuid>`, one per take and the same on every retry of that take (8–128 of
 * `A-Z a-z 0-9 _ -`). A retry with a known key gets the first answer again, without a second upstream call.
 */
export const LIVENESS_VIDEO_FIELD = 'video';
export const LIVENESS_CODE_FIELD = 'code';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Tencent verified the take. `passed` is the decision: the upstream said Success and `sim` reached `minSim`. */
export interface LivenessResult {
  passed: boolean;
  /** Similarity to the reference (ID photo or reference image), 0–100, when the upstream returned one. */
  sim?: number | undefined;
  /** The upstream's own result code (`Success` for FaceID; absent for COS, which has none on success). */
  upstreamCode?: string | undefined;
  /** The upstream's own description of the result, or why `passed` is false. */
  description?: string | undefined;
  /** The upstream's request id, for support tickets. */
  requestId?: string | undefined;
  /** The best frame, base64 JPEG: only when the handler sets `includeBestFrame: true`. */
  bestFrameBase64?: string;
}

/** HTTP 200. */
export interface LivenessVerifiedAnswer {
  ok: true;
  result: LivenessResult;
}

/**
 * The upstream refused to verify the take, e.g. `FailedOperation.LipVoiceLow` (FaceID), a COS `<Error><Code>`, or
 * a configuration problem such as `AuthFailure.SignatureFailure`. HTTP 422 for `FailedOperation.*` and COS 4xx
 * answers about the take, 502 for the others. `message` is the upstream's own text (often Chinese): map
 * `upstreamCode` for the person.
 */
export interface LivenessRejectedAnswer {
  ok: false;
  reason: 'rejected';
  upstreamCode: string;
  message: string;
  requestId?: string | undefined;
}

/** Why the upload itself was refused before any upstream call (see `LIVENESS_REFUSAL_STATUS`). */
export type TakeRefusalReason =
  'not-a-video' | 'unsupported-container' | 'too-short' | 'too-long' | 'too-large' | 'no-audio' | 'no-video';

/** Every reason of a refusal by this server. `message` is plain English, meant for logs and developers. */
export type LivenessRefusalReason =
  | TakeRefusalReason
  /** Not multipart, no `video` file, no or malformed `code`, or a malformed `Idempotency-Key`. */
  | 'bad-request'
  /** The code was not issued by this server recently, or was already used: get a new code. */
  | 'stale-code'
  /** The `Idempotency-Key` was already used for a different take or code. */
  | 'idempotency-key-reused'
  /** The integrator's `identity` (or `referencePhoto`) callback gave nothing: e.g. no signed-in session. */
  | 'no-identity'
  /** A store the checks need (codes, idempotency) failed; answered with `Retry-After`. Nothing was verified. */
  | 'unavailable'
  | 'origin-not-allowed'
  | 'method-not-allowed'
  /** The upload did not arrive within the read deadline (`readTimeoutMs`). */
  | 'request-timeout'
  /** `maxConcurrentVerifications` are running: try again after `Retry-After` seconds. */
  | 'server-busy'
  | 'upstream-timeout'
  | 'upstream-unreachable'
  /** The upstream answer contained a credential (a wrong `baseUrl`) and was withheld. */
  | 'upstream-withheld'
  /** The upstream answered something this server cannot read. */
  | 'upstream-invalid'
  | 'internal';

/** The refusals a new take, with a new code, can fix: the element offers the retake. The others need the site. */
export const RETAKE_REFUSAL_REASONS: readonly LivenessRefusalReason[] = [
  'stale-code',
  'too-short',
  'too-long',
  'too-large',
  'no-audio',
  'no-video',
];

/** Measured values behind a take refusal, when there are any. */
export interface TakeRefusalDetails {
  /** e.g. `webm`, `quicktime`, `avi`, `flv`, `mp4`. */
  container?: string | undefined;
  durationSeconds?: number | undefined;
  minDurationSeconds?: number | undefined;
  maxDurationSeconds?: number | undefined;
  /** Size of the upload after base64 encoding, and the limit. */
  base64Bytes?: number;
  maxBase64Bytes?: number;
}

export interface LivenessRefusalAnswer {
  ok: false;
  reason: LivenessRefusalReason;
  message: string;
  details?: TakeRefusalDetails | undefined;
}

export type LivenessAnswer = LivenessVerifiedAnswer | LivenessRejectedAnswer | LivenessRefusalAnswer;

export const LIVENESS_REFUSAL_STATUS: Readonly<Record<LivenessRefusalReason, number>> = {
  'bad-request': 400,
  'not-a-video': 422,
  'unsupported-container': 422,
  'too-short': 422,
  'too-long': 422,
  'too-large': 413,
  'no-audio': 422,
  'no-video': 422,
  'stale-code': 422,
  'idempotency-key-reused': 422,
  'no-identity': 401,
  unavailable: 503,
  'origin-not-allowed': 403,
  'method-not-allowed': 405,
  'request-timeout': 408,
  'server-busy': 503,
  'upstream-timeout': 504,
  'upstream-unreachable': 502,
  'upstream-withheld': 502,
  'upstream-invalid': 502,
  internal: 500,
};
