/** A Web-standard request handler: runs as is on Node (through `toNodeListener`), serverless and edge runtimes. */
export type RequestHandler = (request: Request) => Promise<Response>;

/** A code handler: `createCosLiveCodeHandler`, `createFaceIdLiveCodeHandler`, `createLegacyLiveCodeHandler`. */
export type LiveCodeHandler = RequestHandler;

/** A verification handler: `createCosLivenessHandler`, `createFaceIdLivenessHandler`. */
export type LivenessHandler = RequestHandler;

/** The subset of `fetch` the handlers use to call the upstream. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Options every handler accepts. */
export interface CommonHandlerOptions {
  /**
   * Origins (`https://shop.example`) whose pages may call this endpoint. Requests carrying another `Origin` are
   * refused with 403; requests without `Origin`, and same-origin ones, are served (see the README).
   */
  allowedOrigins: readonly string[];
  /** Replaces the upstream's origin, e.g. a private endpoint or a local fake in tests. Its host is the one signed. */
  baseUrl?: string | undefined;
  /** Used for upstream calls. Default: the global `fetch`. */
  fetch?: FetchFunction | undefined;
  /** The clock, in milliseconds since the epoch. Default: `Date.now`. */
  now?: (() => number) | undefined;
  /** How long an upstream call may take before the handler answers 504. Default: 10000. */
  timeoutMs?: number | undefined;
}

/** Why the handler answers with an error of its own rather than the upstream's. */
export type FailureKind =
  | 'origin'
  | 'method'
  /** The integrator's `session` callback found no session. */
  | 'no-session'
  /** The session asked for more codes than its limit allows; answered with `Retry-After`. */
  | 'rate-limited'
  /** A store (codes, idempotency) failed: nothing is checked without it, so nothing is served; `Retry-After`. */
  | 'unavailable'
  | 'timeout'
  | 'unreachable'
  | 'withheld'
  | 'internal';

/**
 * Builds a local error in the upstream's own shape, so the element explains it like any upstream error. `message`
 * replaces the standard message of that kind.
 */
export type ErrorShape = (kind: FailureKind, message?: string) => Response;
