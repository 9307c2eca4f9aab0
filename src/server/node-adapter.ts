// Mounts a Web-standard handler on Node's http server, Express (`app.all(path, listener)`) or Koa
// (`ctx.respond = false`). Only types come from node:http, so importing this module costs nothing on edge runtimes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOriginForm, originOf } from './handlers/request-origin.js';

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
// first read: an async iterator left suspended would keep Node from draining.
function requestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer | string> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= req[Symbol.asyncIterator]();
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
      },
      async cancel() {
        await chunks?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function toRequest(req: IncomingMessage): Request {
  const method = req.method ?? 'GET';
  // A body parser (express.json) may already have read the stream; then there is nothing left to forward.
  const hasBody = method !== 'GET' && method !== 'HEAD' && !req.readableEnded;
  const init: RequestInit & { duplex?: 'half' } = { method, headers: requestHeaders(req) };
  if (hasBody) {
    init.body = requestBody(req);
    init.duplex = 'half';
  }
  const url = requestUrl(req);
  if (url === undefined) throw new TypeError('The request target or Host is not one this server answers');
  return new Request(url, init);
}

async function writeResponse(response: Response, method: string | undefined, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
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
    try {
      request = toRequest(req);
    } catch {
      writeFailure(res, 400, 'Bad Request');
      return;
    }
    try {
      await writeResponse(await handler(request), req.method, res);
    } catch {
      // No details: the error could quote a header or a key.
      writeFailure(res, 500, 'Internal Server Error');
    }
  };
}
