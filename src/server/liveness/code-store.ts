// Which codes this server handed out recently, so an upload can only be verified with one of them, once. The code
// handlers remember each code they relay; the liveness handlers consume it before calling Tencent.

/**
 * Where issued codes are kept. The default keeps them in this process's memory, which is enough for one server
 * instance; behind a load balancer, implement this over a shared store (Redis `SET code:<code> <n> PX <ttl>` with
 * `INCR`/`DECR`, a database row…) and pass the same store to the code handler and the liveness handler.
 *
 * Codes have only four digits, so two people may hold the same one at once: `remember` counts, and `consume`
 * takes one use away, so each remembered issue verifies exactly once.
 */
export interface CodeStore {
  /** Records that `code` was issued and may be consumed once within `ttlMs` milliseconds. */
  remember(code: string, ttlMs: number): Promise<void>;
  /** Uses one issue of `code` up: true if one was still valid. Must be atomic when instances share the store. */
  consume(code: string): Promise<boolean>;
}

export interface MemoryCodeStoreOptions {
  /** At most this many issued codes are kept; beyond it the oldest are forgotten. Default 10000. */
  maxEntries?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/** An in-process `CodeStore`: bounded in size, entries expire. Not shared between server instances. */
export function createMemoryCodeStore(options: MemoryCodeStoreOptions = {}): CodeStore {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('maxEntries must be a positive integer');
  const now = options.now ?? Date.now;
  // Expiry times per code, in the order remembered; Map iteration order makes the first key the oldest code.
  const issued = new Map<string, number[]>();
  let size = 0;

  function dropExpired(code: string, at: number): number[] {
    const expiries = issued.get(code) ?? [];
    const valid = expiries.filter((expiresAt) => expiresAt > at);
    size -= expiries.length - valid.length;
    if (valid.length === 0) issued.delete(code);
    else issued.set(code, valid);
    return valid;
  }

  function evictOldest(): void {
    const [code, expiries] = issued.entries().next().value as [string, number[]];
    expiries.shift();
    size -= 1;
    if (expiries.length === 0) issued.delete(code);
  }

  return {
    async remember(code, ttlMs) {
      if (typeof code !== 'string' || !/^\d{1,16}$/.test(code)) throw new TypeError('code must be a string of digits');
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new TypeError('ttlMs must be a positive number');
      const at = now();
      const expiries = dropExpired(code, at);
      // Re-inserted at the end, so eviction order follows the latest issue of each code.
      issued.delete(code);
      issued.set(code, [...expiries, at + ttlMs]);
      size += 1;
      while (size > maxEntries) evictOldest();
    },
    async consume(code) {
      if (typeof code !== 'string') return false;
      const valid = dropExpired(code, now());
      if (valid.length === 0) return false;
      // The issue closest to expiry goes first, so a later issue of the same code keeps its full lifetime.
      valid.sort((a, b) => a - b).shift();
      size -= 1;
      if (valid.length === 0) issued.delete(code);
      return true;
    },
  };
}

const CODE = /^\d{1,16}$/;

function digits(value: unknown): string | undefined {
  // A JSON number has lost its leading zeros: the element refuses it too, so it is never remembered.
  return typeof value === 'string' && CODE.test(value) ? value : undefined;
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The code in a COS CI `GetLiveCode` answer (`<Response><LiveCode>0521</LiveCode></Response>`), if it is one. */
export function liveCodeFromCosXml(body: string): string | undefined {
  const match = /^\s*(?:<\?xml[^>]*\?>\s*)?<Response>\s*<LiveCode>(\d{1,16})<\/LiveCode>/.exec(body);
  return match?.[1];
}

/** The code in a Cloud API 3.0 `GetLiveCode` answer (`{"Response":{"LiveCode":"4392"}}`), if it is one. */
export function liveCodeFromCloudApiJson(body: string): string | undefined {
  const response = parseJson(body)?.Response;
  if (typeof response !== 'object' || response === null) return undefined;
  const fields = response as Record<string, unknown>;
  return fields.Error === undefined ? digits(fields.LiveCode) : undefined;
}

/** The code in a legacy `livegetfour` answer (`{"data":{"validate_data":"9532"},"code":0}`), if it is one. */
export function liveCodeFromLegacyJson(body: string): string | undefined {
  const value = parseJson(body);
  if (!value || value.code !== 0) return undefined;
  const data = value.data;
  return typeof data === 'object' && data !== null ? digits((data as Record<string, unknown>).validate_data) : undefined;
}

/** The options every code handler takes to remember the codes it relays. */
export interface CodeMemoryOptions {
  /**
   * Remembers every code relayed, so the liveness handler given the same store accepts only those. Not available in
   * COS presign mode, where the browser fetches the code from COS itself and this server never sees it.
   */
  codeStore?: CodeStore;
  /** How long a relayed code stays usable for a verification, in milliseconds. Default 600000 (10 minutes). */
  codeTtlMs?: number;
}

const DEFAULT_CODE_TTL_MS = 10 * 60 * 1000;

/** The `inspect` step of a code handler's relay: remembers the code of a successful answer. */
export function codeMemory(
  options: CodeMemoryOptions,
  extract: (body: string) => string | undefined,
): ((status: number, body: string) => Promise<void>) | undefined {
  const { codeStore } = options;
  if (codeStore === undefined) {
    if (options.codeTtlMs !== undefined) throw new TypeError('codeTtlMs needs a codeStore');
    return undefined;
  }
  if (typeof codeStore?.remember !== 'function' || typeof codeStore.consume !== 'function') {
    throw new TypeError('codeStore must have remember(code, ttlMs) and consume(code)');
  }
  const ttlMs = options.codeTtlMs ?? DEFAULT_CODE_TTL_MS;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new TypeError('codeTtlMs must be a positive number');
  return async (status, body) => {
    if (status !== 200) return;
    const code = extract(body);
    if (code !== undefined) await codeStore.remember(code, ttlMs);
  };
}
