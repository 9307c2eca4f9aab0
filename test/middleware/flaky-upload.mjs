// A liveness route whose line drops at the worst moment for the test of the upload retry
// (test/submit/loop.test.ts): the real handler reads the take, verifies it upstream and writes its answer, and
// the answer is lost on the way back (the socket is destroyed instead). Only a retry carrying the same
// Idempotency-Key can then succeed, answered from the handler's cache without a second verification; a retry with
// a new key finds the code spent. Real sockets; nothing is stubbed in the browser.

export const FLAKY_UPLOAD_PATH = '/api/loop/liveness-flaky';
/** GET `?key=<Idempotency-Key>` → `{ attempts: [{ dropped, handlerStatus, replayed }] }`, in arrival order. */
export const FLAKY_ATTEMPTS_PATH = `${FLAKY_UPLOAD_PATH}/attempts`;

/**
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} listener
 *   the real liveness handler, as a Node listener
 */
export function flakyUploadKoa(listener) {
  /** @type {Map<string, Array<{ dropped: boolean, handlerStatus?: number, replayed?: boolean }>>} */
  const attemptsByKey = new Map();

  /** @param {any} context @param {() => Promise<void>} next */
  return async (context, next) => {
    if (context.path === FLAKY_ATTEMPTS_PATH) {
      context.set('Cache-Control', 'no-store');
      context.body = { attempts: attemptsByKey.get(context.query.key) ?? [] };
      return;
    }
    if (context.path !== FLAKY_UPLOAD_PATH) return next();
    const key = context.get('idempotency-key');
    if (!key) {
      // Without a key a retry could not be told from a second take: this route accepts no upload without one.
      context.status = 400;
      context.body = { ok: false, reason: 'bad-request', message: 'This route needs an Idempotency-Key.' };
      return;
    }
    const attempts = attemptsByKey.get(key) ?? [];
    attemptsByKey.set(key, attempts);
    const attempt = { dropped: attempts.length === 0 };
    attempts.push(attempt);

    // Koa's own status, for its log; the handler writes the real one.
    context.status = 200;
    context.respond = false;
    const res = context.res;
    const writeHead = res.writeHead.bind(res);
    /** @param {number} status @param {Record<string, string | string[]>} [headers] */
    res.writeHead = (status, headers = {}) => {
      attempt.handlerStatus = status;
      attempt.replayed = headers['idempotent-replayed'] === 'true';
      return attempt.dropped ? res : writeHead(status, headers);
    };
    if (attempt.dropped) {
      // The handler has verified and written its answer; the line dies after the headers and half of the body, the
      // headers announcing the whole length so that every engine sees the answer cut short. (Dropped before any
      // byte of the answer, the browser would resend the request by itself, unseen by the page.)
      /** @param {Uint8Array} [body] */
      res.end = (body = new Uint8Array()) => {
        writeHead(attempt.handlerStatus ?? 500, {
          'content-type': 'application/json',
          'content-length': String(body.length),
        });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => context.req.socket.destroy());
        return res;
      };
    }
    await listener(context.req, res);
  };
}
