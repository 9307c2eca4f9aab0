// Whose request this is: the integrator's session id, read by its own callback, so codes and verdicts belong to the
// session that asked for them. The stores see only a digest of the id: a leaked store leaks no session.
import { sha256Hex } from '../signing/crypto.js';

/**
 * The integrator's session id for a request (a signed cookie, a JWT subject…), possibly async. Undefined or `''`
 * means no session: the handler answers 401.
 */
export type SessionCallback = (request: Request) => string | undefined | Promise<string | undefined>;

/** Options both the code handlers and the liveness handlers take. */
export interface SessionOptions {
  /** The integrator's session id of a request. Required unless `acceptUnboundCodes` is true. */
  session?: SessionCallback | undefined;
  /**
   * Run without `session`: codes belong to no one, anyone holding one may use it, and issuing is not limited. Only
   * for servers that cannot tell their visitors apart. Default false.
   */
  acceptUnboundCodes?: boolean | undefined;
}

/** What every request is when codes are unbound; never a digest, which is 64 hex digits. */
export const UNBOUND_SESSION = 'unbound';

/**
 * The store's session for a code issued to `owner`. Unbound codes are keyed by the code itself, so they are spread
 * over many keys as they were before sessions, rather than crowding into one capped bucket.
 */
export function codeOwner(owner: string, code: string): string {
  return owner === UNBOUND_SESSION ? `${UNBOUND_SESSION}:${code}` : owner;
}

/** Checks the options at creation: a handler without a session callback must say so explicitly. */
export function sessionCallback(options: SessionOptions): SessionCallback | undefined {
  if (options.session !== undefined && typeof options.session !== 'function')
    throw new TypeError('session must be a function');
  if (options.session === undefined && options.acceptUnboundCodes !== true) {
    throw new TypeError(
      "Pass session(request), the integrator's session id, so codes are bound to the session that asked for them; " +
        'or set acceptUnboundCodes: true to run without',
    );
  }
  return options.session;
}

/** The digest of the request's session, `UNBOUND_SESSION` without a callback, or undefined when there is none. */
export async function sessionOf(callback: SessionCallback | undefined, request: Request): Promise<string | undefined> {
  if (callback === undefined) return UNBOUND_SESSION;
  const id = await callback(request);
  if (typeof id !== 'string' || id === '') return undefined;
  return sha256Hex(`liveness-challenge session\n${id}`);
}
