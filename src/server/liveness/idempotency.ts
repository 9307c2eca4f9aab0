// One answer per take: the element sends `Idempotency-Key` once per take and again on every retry of it, so a retry
// after a lost connection gets the first answer instead of a second verification (which would also find the code
// already used). Kept in this process: a retry that reaches another instance finds the code consumed and is
// refused as `stale-code`, never verified twice.

export interface StoredAnswer {
  status: number;
  body: string;
}

interface Entry {
  /** Binds the key to one take and one code, so a key cannot fetch the answer about another upload. */
  fingerprint: string;
  answer: Promise<StoredAnswer>;
  expiresAt: number;
}

export interface IdempotencyCache {
  /**
   * Runs `produce` once per key; later calls with the same key and fingerprint share its answer, while it runs and
   * for `ttlMs` after. A `produce` that throws leaves nothing behind, so the next retry runs again.
   */
  run(
    key: string,
    fingerprint: string,
    produce: () => Promise<StoredAnswer>,
  ): Promise<{ answer: StoredAnswer; reused: boolean } | 'mismatch'>;
}

export function createIdempotencyCache(ttlMs: number, maxEntries: number, now: () => number): IdempotencyCache {
  const entries = new Map<string, Entry>();

  function prune(at: number): void {
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= at) entries.delete(key);
    }
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
  }

  return {
    async run(key, fingerprint, produce) {
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
        entries.delete(key);
        throw error;
      }
    },
  };
}
