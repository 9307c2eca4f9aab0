// Mounts a Web-standard handler on Node's http server, Express (`app.all(path, listener)`) or Koa
// (`ctx.respond = false`). Only types come from node:http, so importing this module costs nothing on edge runtimes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOriginForm, originOf } from './request-origin.js';

/** A `(req, res)` listener; the promise settles when the answer is written and never rejects. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The URL from the scheme and `Host`, plus the path and query of an origin-form target. Anything else (`//host/…`,
 * `/\\host/…`, absolute-form `http://host/…`, a malformed `Host`) is undefined: answered 400, never resolved.
 */
function requestUrl(req: IncomingMessage): URL | undefined {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  // Express strips its mount path from req.url; originalUrl keeps the URL the client asked for.
  const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const origin = originOf(encrypted ? 'https:' : 'http:', req.headers.host ?? 'localhost');
  if (origin === undefined || !isOriginForm(target)) return undefined;
  const url = new URL(target, origin);
  // The URL parser drops tabs and newlines and reads "\\" as "/": checked again after parsing, whatever slipped by.
  return url.origin === origin ? url : undefined;
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    const name = req.rawHeaders[index]!;
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[index + 1]!);
  }
  return headers;
}

// Lazy on purpose: a handler that never reads the body (none of ours does) leaves req untouched, so Node can drain
// it after the answer and reuse the connection. Hence highWaterMark 0 (no read ahead) and the iterator made on the
// first read: an async iterator left suspended would keep Node from draining. A handler that stops reading part way
// (an over-cap upload, a read deadline) marks the body abandoned; the iterator leaves the socket open for the answer.
function requestBody(req: IncomingMessage, state: BodyState): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer | string> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= req.iterator({ destroyOnReturn: false });
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
      },
      async cancel() {
        state.abandoned = true;
        await chunks?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

interface BodyState {
  abandoned: boolean;
}

/** How much of an over-cap body is read and dropped before the 413, so the client reads the answer, not a reset. */
const LINGER_BYTES = 32 * 1024 * 1024;
const LINGER_MS = 10_000;

/**
 * Reads and drops the rest of the body, up to LINGER_BYTES or LINGER_MS. Closing a socket with unread data makes
 * the kernel send a reset, which browsers report as a network error (and the element retried) instead of the 413.
 */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let dropped = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', count).off('end', done).off('error', done).off('close', done);
      resolve();
    };
    const count = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) done();
    };
    const timer = setTimeout(done, LINGER_MS);
    req.on('data', count).on('end', done).on('error', done).on('close', done);
    req.resume();
  });
}

function toRequest(req: IncomingMessage, state: BodyState): Request {
  const method = req.method ?? 'GET';
  // A body parser (express.json) may already have read the stream; then there is nothing left to forward. A
  // declared empty body (a code request's POST) gets no stream either: each costs a few microseconds to make.
  const empty = req.headers['content-length'] === '0' && req.headers['transfer-encoding'] === undefined;
  const hasBody = method !== 'GET' && method !== 'HEAD' && !req.readableEnded && !empty;
  const init: RequestInit & { duplex?: 'half' } = { method, headers: requestHeaders(req) };
  if (hasBody) {
    init.body = requestBody(req, state);
    init.duplex = 'half';
  }
  const url = requestUrl(req);
  if (url === undefined) throw new TypeError('The request target or Host is not one this server answers');
  return new Request(url, init);
}

async function writeResponse(
  response: Response,
  method: string | undefined,
  res: ServerResponse,
  close: boolean,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  // The rest of the body is still on the wire: this connection cannot carry another request.
  if (close) headers.connection = 'close';
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // The answers are a few hundred bytes: buffering is simpler than piping and loses nothing.
  const body = method === 'HEAD' || response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

function writeFailure(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  return async (req, res) => {
    let request: Request;
    const body: BodyState = { abandoned: false };
    try {
      request = toRequest(req, body);
    } catch {
      writeFailure(res, 400, 'Bad Request');
      return;
    }
    try {
      const response = await handler(request);
      const overCap = response.status === 413;
      const close = (overCap || body.abandoned) && !req.readableEnded;
      if (close && overCap) await drain(req);
      await writeResponse(response, req.method, res, close);
    } catch {
      // No details: the error could quote a header or a key.
      writeFailure(res, 500, 'Internal Server Error');
    }
  };
}
