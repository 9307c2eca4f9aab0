// What every code handler does around its upstream call: find the session, hold it to its issue limit, and remember
// the code it is given for that session only. The limit is checked before the upstream call, so a refused request
// costs the integrator nothing.
import { createMemoryCodeStore } from './code-store.js';
import type { CodeStore } from './code-store.js';
import { codeOwner, sessionCallback, sessionOf, UNBOUND_SESSION } from '../http/session.js';
import type { SessionOptions } from '../http/session.js';
import { STORE_RETRY_AFTER_MS, withRetryAfter } from '../http/error-shapes.js';
import type { ErrorShape } from '../http/types.js';

/** How many codes one session may ask for within a window. */
export interface CodeIssueLimit {
  max: number;
  windowMs: number;
}

/** The options every code handler takes about who may get codes and how they are remembered. */
export interface CodeIssueOptions extends SessionOptions {
  /**
   * Remembers every code relayed for the session it was relayed to, and counts each session's requests; give the
   * liveness handler the same store. Default: a store in this process's memory (then the liveness handler cannot see
   * the codes: pass one store to both). Not available in COS presign mode, where this server never sees the code.
   */
  codeStore?: CodeStore | undefined;
  /** How long a relayed code stays usable for a verification, in milliseconds. Default 600000 (10 minutes). */
  codeTtlMs?: number | undefined;
  /** Codes one session may ask for. Default 6 a minute. Without `session` nothing is limited. */
  codeIssueLimit?: CodeIssueLimit | undefined;
}

const DEFAULT_CODE_TTL_MS = 10 * 60 * 1000;
const DEFAULT_ISSUE_LIMIT: CodeIssueLimit = { max: 6, windowMs: 60_000 };

/** Sees the upstream's answer about to be relayed, to remember the code it carries. */
export type Inspect = (status: number, body: string) => Promise<void>;

/** Issues one code: `relay` calls the upstream, with the `inspect` to pass on (undefined when nothing is kept). */
export type CodeIssuer = (
  request: Request,
  relay: (inspect: Inspect | undefined) => Promise<Response>,
) => Promise<Response>;

class StoreFailure extends Error {}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    // No cause kept: a store error could quote a connection string with its password.
    throw new StoreFailure('The code store failed');
  }
}

function checkLimit(limit: CodeIssueLimit | undefined): CodeIssueLimit {
  const { max, windowMs } = limit ?? DEFAULT_ISSUE_LIMIT;
  if (!Number.isInteger(max) || max < 1) throw new TypeError('codeIssueLimit.max must be a positive integer');
  if (!Number.isFinite(windowMs) || windowMs <= 0)
    throw new TypeError('codeIssueLimit.windowMs must be a positive number');
  return { max, windowMs };
}

/**
 * Checks the options at creation and returns the issuer. `extract` reads the code of a successful upstream answer;
 * undefined means the code never passes through this server (COS presign), so nothing is remembered.
 */
export function codeIssuer(
  options: CodeIssueOptions,
  errorShape: ErrorShape,
  extract: ((body: string) => string | undefined) | undefined,
): CodeIssuer {
  const session = sessionCallback(options);
  const { codeStore } = options;
  if (
    codeStore !== undefined &&
    ['admitIssue', 'remember', 'consume'].some(
      (name) => typeof (codeStore as unknown as Record<string, unknown>)[name] !== 'function',
    )
  ) {
    throw new TypeError(
      'codeStore must have admitIssue(session, max, windowMs), remember(session, code, ttlMs) and consume(session, code)',
    );
  }
  if (extract === undefined && codeStore !== undefined) {
    // The browser fetches the code itself: a store shared with the liveness handler would make every verification fail.
    throw new TypeError('codeStore needs mode "proxy": in presign mode the code never passes through this server');
  }
  const ttlMs = options.codeTtlMs ?? DEFAULT_CODE_TTL_MS;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new TypeError('codeTtlMs must be a positive number');
  const limit = checkLimit(options.codeIssueLimit);
  const store = codeStore ?? createMemoryCodeStore();

  return async (request, relay) => {
    const owner = await sessionOf(session, request);
    if (owner === undefined) return errorShape('no-session');
    try {
      if (owner !== UNBOUND_SESSION) {
        const waitMs = await guarded(() => store.admitIssue(owner, limit.max, limit.windowMs));
        if (waitMs > 0) return withRetryAfter(errorShape('rate-limited'), waitMs);
      }
      const inspect: Inspect | undefined =
        extract === undefined
          ? undefined
          : async (status, body) => {
              const code = status === 200 ? extract(body) : undefined;
              if (code !== undefined) await guarded(() => store.remember(codeOwner(owner, code), code, ttlMs));
            };
      return await relay(inspect);
    } catch (error) {
      if (error instanceof StoreFailure) return withRetryAfter(errorShape('unavailable'), STORE_RETRY_AFTER_MS);
      throw error;
    }
  };
}
