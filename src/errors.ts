/**
 * Why a liveness step failed, grouped below by where it arises. Each has a message in every built-in language that
 * tells the person what to do next.
 */
export type LivenessErrorReason =
  // Reaching an endpoint: the code endpoint, or the verification endpoint with the upload. `network`: no answer (for
  // the upload, after its retries); `timeout`: no code in time (the code request only); `http`: an error status
  // without a readable answer; `bad-response`: an answer that is not what the endpoint's contract says.
  | 'network'
  | 'timeout'
  | 'http'
  | 'bad-response'
  // Getting the code: the signing endpoint relayed Tencent's refusal, named by `upstreamCode`.
  | 'upstream'
  // Opening the camera and the microphone: refused, missing (or too small a frame), held by another app, or asked
  // for from a page that is not a secure context.
  | 'permission-denied'
  | 'no-device'
  | 'device-busy'
  | 'insecure-context'
  // This browser cannot do it: getUserMedia failed in a way no other reason names, no recording route exists, or the
  // recorder refused the type asked for.
  | 'unsupported'
  // The take, before it is sent: the recorder failed or made an unreadable file, a track or the page went away
  // mid-take, the file is over `max-bytes`, or the microphone heard too little.
  | 'recording-failed'
  | 'interrupted'
  | 'too-large'
  | 'no-speech'
  // Sending the take: the verification endpoint refused it (its own reason, or a proxy's 413 as `too-large`) or Tencent
  // rejected it; `upstreamCode` names why.
  | 'rejected';

export interface LivenessErrorDetails {
  /** HTTP status of the answer that failed, when there was one. */
  status?: number | undefined;
  /** The upstream's own code (`SignatureDoesNotMatch`, `AuthFailure.SignatureFailure`, `-5007`…), for support. */
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
