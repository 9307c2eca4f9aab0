// Which codes this server handed out recently, and to whom, so an upload can only be verified with a code issued to
// the same session, once; and how many codes each session asked for, so no one can mint them in bulk. The code
// handlers count and remember each code they relay; the liveness handlers consume it before calling Tencent.

/**
 * Where issued codes are kept. The default keeps them in this process's memory, which is enough for one server
 * instance; behind a load balancer, implement this over a shared store and pass the same store to the code handler
 * and the liveness handler. The handlers pass `session` as a SHA-256 hex digest of the integrator's session id, never
 * the id itself.
 */
export interface CodeStore {
  /** Counts one code request by `session` against at most `max` per `windowMs`: resolves 0 when allowed, else
   *  the milliseconds until the next request is allowed. Atomic when instances share the store. */
  admitIssue(session: string, max: number, windowMs: number): Promise<number>;
  /** Records that `code` was issued to `session`, usable once within `ttlMs`. */
  remember(session: string, code: string, ttlMs: number): Promise<void>;
  /** Uses up the issue of `code` to `session`: true if it was still valid. Atomic across instances. */
  consume(session: string, code: string): Promise<boolean>;
}

export interface MemoryCodeStoreOptions {
  /**
   * At most this many unexpired codes are kept per session; beyond it that session's oldest are forgotten, never
   * another session's. Default 32 (more than a session may mint in a code's lifetime at the default rate).
   */
  maxCodesPerSession?: number | undefined;
  /**
   * At most this many sessions are tracked; beyond it the session touched longest ago is forgotten. Default 100000.
   * This bounds the memory against an attacker who can open sessions at will.
   */
  maxSessions?: number | undefined;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: (() => number) | undefined;
}

const DEFAULT_MAX_CODES_PER_SESSION = 32;
const DEFAULT_MAX_SESSIONS = 100_000;

interface SessionEntry {
  /** Issued codes in the order remembered. */
  codes: { code: string; expiresAt: number }[];
  /** When each admitted code request was made, oldest first; at most the limit's `max` of them. */
  admitted: number[];
  /** When the last of the above stops mattering. */
  expiresAt: number;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer`);
  return value;
}

function checkSession(session: unknown): string {
  if (typeof session !== 'string' || session === '') throw new TypeError('session must be a non-empty string');
  return session;
}

function checkDuration(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number`);
  return value;
}

/** An in-process `CodeStore`: bounded per session and in sessions, entries expire. Not shared between instances. */
export function createMemoryCodeStore(options: MemoryCodeStoreOptions = {}): CodeStore {
  const maxCodes = positiveInteger(options.maxCodesPerSession ?? DEFAULT_MAX_CODES_PER_SESSION, 'maxCodesPerSession');
  const maxSessions = positiveInteger(options.maxSessions ?? DEFAULT_MAX_SESSIONS, 'maxSessions');
  const now = options.now ?? Date.now;
  // Map iteration order is insertion order, and every touch re-inserts: the first entry is the least recently used.
  const sessions = new Map<string, SessionEntry>();

  function prune(at: number): void {
    for (const [session, entry] of sessions) {
      if (entry.expiresAt > at) break;
      sessions.delete(session);
    }
  }

  /** The session's entry, moved to the end of the order, with what has expired dropped. */
  function touch(session: string, at: number): SessionEntry {
    prune(at);
    const entry = sessions.get(session) ?? { codes: [], admitted: [], expiresAt: 0 };
    sessions.delete(session);
    entry.codes = entry.codes.filter((issue) => issue.expiresAt > at);
    sessions.set(session, entry);
    while (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value as string);
    return entry;
  }

  return {
    async admitIssue(session, max, windowMs) {
      checkSession(session);
      positiveInteger(max, 'max');
      checkDuration(windowMs, 'windowMs');
      const at = now();
      const entry = touch(session, at);
      // Oldest first, so the expired ones are a prefix; shifting them keeps a flood of requests linear.
      while (entry.admitted.length > 0 && entry.admitted[0]! + windowMs <= at) entry.admitted.shift();
      if (entry.admitted.length > max) entry.admitted.splice(0, entry.admitted.length - max);
      if (entry.admitted.length >= max) return Math.max(1, entry.admitted[0]! + windowMs - at);
      entry.admitted.push(at);
      entry.expiresAt = Math.max(entry.expiresAt, at + windowMs);
      return 0;
    },
    async remember(session, code, ttlMs) {
      checkSession(session);
      if (typeof code !== 'string' || !/^\d{1,16}$/.test(code)) throw new TypeError('code must be a string of digits');
      checkDuration(ttlMs, 'ttlMs');
      const at = now();
      const entry = touch(session, at);
      entry.codes.push({ code, expiresAt: at + ttlMs });
      // Only this session's own codes make room: a flood from one session never reaches another's.
      if (entry.codes.length > maxCodes) entry.codes.splice(0, entry.codes.length - maxCodes);
      entry.expiresAt = Math.max(entry.expiresAt, at + ttlMs);
    },
    async consume(session, code) {
      if (typeof session !== 'string' || typeof code !== 'string') return false;
      const at = now();
      prune(at);
      const entry = sessions.get(session);
      if (entry === undefined) return false;
      // The issue closest to expiry goes first, so a later issue of the same code keeps its full lifetime.
      let found = -1;
      entry.codes.forEach((issue, index) => {
        if (
          issue.code === code &&
          issue.expiresAt > at &&
          (found < 0 || issue.expiresAt < entry.codes[found]!.expiresAt)
        )
          found = index;
      });
      if (found < 0) return false;
      entry.codes.splice(found, 1);
      return true;
    },
  };
}
