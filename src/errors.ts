/**
 * Why a liveness step failed. Each has a message in every built-in language that tells the person what to do next.
 */
export type LivenessErrorReason =
  // Reaching an endpoint: the code endpoint, or the verification endpoint with the upload (`timeout`: the code only).
  | 'network'
  | 'timeout'
  | 'http'
  | 'bad-response'
  // The code endpoint relayed an upstream error, named by `upstreamCode`.
  | 'upstream'
  // The camera and the microphone.
  | 'permission-denied'
  | 'no-device'
  | 'device-busy'
  | 'insecure-context'
  | 'unsupported'
  // The recording, before it is sent.
  | 'recording-failed'
  | 'interrupted'
  | 'too-large'
  | 'no-speech'
  // The verification endpoint refused the take, or Tencent rejected it: `upstreamCode` names why.
  | 'rejected';

export interface LivenessErrorDetails {
  /** HTTP status of the answer that failed, when there was one. */
  status?: number | undefined;
  /** The upstream's own error code (`SignatureDoesNotMatch`, `AuthFailure.SignatureFailure`, `-5007`…), kept for support. */
  upstreamCode?: string | undefined;
  /** The upstream's own message, untranslated. */
  upstreamMessage?: string | undefined;
  /** The upstream request id, for a support ticket with Tencent Cloud. */
  requestId?: string | undefined;
  /** What went wrong underneath, for logs (never shown as markup). */
  cause?: unknown;
}

/** A failure with a typed reason. Pure code throws it; the element turns it into a `liveness-error` event. */
export class LivenessError extends Error {
  readonly reason: LivenessErrorReason;
  readonly status?: number | undefined;
  readonly upstreamCode?: string | undefined;
  readonly upstreamMessage?: string | undefined;
  readonly requestId?: string | undefined;

  constructor(reason: LivenessErrorReason, message: string, details: LivenessErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'LivenessError';
    this.reason = reason;
    this.status = details.status;
    this.upstreamCode = details.upstreamCode;
    this.upstreamMessage = details.upstreamMessage;
    this.requestId = details.requestId;
  }
}

/** How deep `describeCause` follows `cause`: enough for a wrapped fetch or parse error, bounded against cycles. */
const MAX_CAUSE_DEPTH = 4;

/**
 * The failure and what lay under it, as plain text for logs and support: `Name: message`, each cause after a `←`.
 * It is never shown to the person, and never as markup: a message can quote an answer's body.
 */
export function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined; depth++) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' ← ');
}

/** Anything thrown becomes a LivenessError; unknown failures are reported under `fallback`. */
export function toLivenessError(error: unknown, fallback: LivenessErrorReason): LivenessError {
  if (error instanceof LivenessError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LivenessError(fallback, message, { cause: error });
}
