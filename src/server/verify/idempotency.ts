// One answer per take: the element sends `Idempotency-Key` once per take and again on every retry of it, so a retry
// after a lost connection gets the first answer instead of a second verification (which would also find the code
// already used). The liveness handler scopes each key to the session that sent it, so one session's key never
// fetches another's answer. The memory store keeps answers in this process: a retry that reaches another instance
// finds the code consumed and is refused as `stale-code`, never verified twice; share a store to avoid that.

export interface StoredAnswer {
  status: number;
  body: string;
}

/** Where answers are kept for the retries of a take. */
export interface IdempotencyStore {
  /** Runs `produce` once per key; later calls with the same key and fingerprint share its answer (while it runs,
   *  and for ttlMs after). 'mismatch' when the key is known with another fingerprint. A `produce` that throws
   *  leaves nothing behind. */
  run(
    key: string,
    fingerprint: string,
    produce: () => Promise<StoredAnswer>,
    ttlMs: number,
  ): Promise<{ answer: StoredAnswer; reused: boolean } | 'mismatch'>;
}

export interface MemoryIdempotencyStoreOptions {
  /** At most this many answers are kept; beyond it the oldest are forgotten. Default 10000. */
  maxEntries?: number | undefined;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: (() => number) | undefined;
}

interface Entry {
  /** Binds the key to one take and one code, so a key cannot fetch the answer about another upload. */
  fingerprint: string;
  answer: Promise<StoredAnswer>;
  expiresAt: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/** An in-process `IdempotencyStore`: bounded in size, entries expire. Not shared between server instances. */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): IdempotencyStore {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('maxEntries must be a positive integer');
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function prune(at: number): void {
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= at) entries.delete(key);
    }
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
  }

  return {
    async run(key, fingerprint, produce, ttlMs) {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new TypeError('ttlMs must be a positive number');
      const at = now();
      const known = entries.get(key);
      if (known && known.expiresAt > at) {
        if (known.fingerprint !== fingerprint) return 'mismatch';
        return { answer: await known.answer, reused: true };
      }
      prune(at);
      const answer = produce();
      // While running, the entry has no expiry to speak of; it gets ttlMs from the moment the answer is known.
      const entry: Entry = { fingerprint, answer, expiresAt: Number.POSITIVE_INFINITY };
      entries.set(key, entry);
      try {
        const settled = await answer;
        entry.expiresAt = now() + ttlMs;
        return { answer: settled, reused: false };
      } catch (error) {
        if (entries.get(key) === entry) entries.delete(key);
        throw error;
      }
    },
  };
}
