// What the Redis stores need of a client, and the one way they call it: a Lua script on one key, under a deadline.
// Scripts run atomically on the Redis server, so instances sharing it never see each other's steps half done, and
// one key per script keeps every script valid on Redis Cluster too.

/**
 * The part of a Redis client the stores use: node-redis (`redis` on npm, `createClient()`, versions 4 to 6) fits as
 * it is. The client is yours: connect it, listen to its `error` event, and close it; the stores never do.
 */
export interface RedisScriptClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /**
   * node-redis: false while (re)connecting. A store call then waits for it within `commandTimeoutMs`, and fails if it
   * does not come, rather than leave a command in the client's offline queue.
   */
  readonly isReady?: boolean | undefined;
}

/** Options both Redis stores take. */
export interface RedisStoreOptions {
  /** Put before every key, so several applications can share one Redis. Default `'liveness-challenge:'`. */
  prefix?: string | undefined;
  /**
   * How long one store call may take, waiting for the connection included, before it rejects (and the handler
   * answers 503), in milliseconds. Default 1000.
   */
  commandTimeoutMs?: number | undefined;
}

/**
 * A store call that Redis did not complete: disconnected, too slow, or refused. The handlers answer it with 503 and
 * `Retry-After`, never with a verification that skipped its checks. `cause` is the client's own error, if any.
 */
export class RedisStoreError extends Error {
  override name = 'RedisStoreError';
}

export const DEFAULT_PREFIX = 'liveness-challenge:';
const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
const READY_POLL_MS = 10;

export type RunScript = (script: string, key: string, args: readonly (string | number)[]) => Promise<unknown>;

export function positiveNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new TypeError(`${name} must be a positive number`);
  return value;
}

export function nonEmptyString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

export function scriptRunner(client: RedisScriptClient, options: RedisStoreOptions): RunScript {
  if (typeof client?.eval !== 'function')
    throw new TypeError('client must be a Redis client with eval(), e.g. createClient() of node-redis');
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  const timeoutMs =
    options.commandTimeoutMs === undefined
      ? DEFAULT_COMMAND_TIMEOUT_MS
      : positiveNumber(options.commandTimeoutMs, 'commandTimeoutMs');

  async function run(script: string, key: string, args: readonly (string | number)[]): Promise<unknown> {
    const deadlineAt = Date.now() + timeoutMs;
    // node-redis queues commands while offline and sends them on reconnect; a queued consume or claim would then
    // act long after the request that asked for it had its 503. So the store waits for the connection itself (a
    // serverless cold start, a short blip) and sends nothing if it does not come in time.
    while (client.isReady === false) {
      const left = deadlineAt - Date.now();
      if (left <= 0) throw new RedisStoreError('Redis is not connected');
      await new Promise((resolve) => setTimeout(resolve, Math.min(READY_POLL_MS, left)));
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      const fail = () => reject(new RedisStoreError(`Redis did not answer within ${timeoutMs} ms`));
      // After a busy stretch of the event loop, timers run before sockets are read: the answer may already be waiting
      // in the socket. setImmediate lets that read happen first, so a busy process does not fail a call Redis answered.
      timer = setTimeout(() => setImmediate(fail), Math.max(0, deadlineAt - Date.now()));
    });
    try {
      return await Promise.race([client.eval(script, { keys: [prefix + key], arguments: args.map(String) }), deadline]);
    } catch (error) {
      if (error instanceof RedisStoreError) throw error;
      throw new RedisStoreError('Redis refused or lost the command', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  return run;
}
