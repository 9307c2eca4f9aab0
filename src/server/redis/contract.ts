// TEMPORARY: the store contract of the session-bound handlers, until they are merged; then imported from there.
export interface CodeStore {
  admitIssue(session: string, max: number, windowMs: number): Promise<number>;
  remember(session: string, code: string, ttlMs: number): Promise<void>;
  consume(session: string, code: string): Promise<boolean>;
}
export interface StoredAnswer {
  status: number;
  body: string;
}
export interface IdempotencyStore {
  run(
    key: string,
    fingerprint: string,
    produce: () => Promise<StoredAnswer>,
    ttlMs: number,
  ): Promise<{ answer: StoredAnswer; reused: boolean } | 'mismatch'>;
}
