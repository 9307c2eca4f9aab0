// Raw HTTP/1.1 over a socket to a liveness handler on Node, for the tests of what happens on the wire: nothing
// between the test and the server hides a reset, adds a header or completes a body the test left unfinished.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import type { TestContext } from 'node:test';
import { createFaceIdLivenessHandler, toNodeListener } from '../../src/server/index.js';
import type { LivenessHandlerOptions } from '../../src/server/index.js';
import { PAGE_ORIGIN, SECRET_ID, SECRET_KEY } from './fixtures.js';

/** The take cap is 48 KiB raw (64 KiB after base64); the body cap adds 256 KiB for the multipart framing. */
const MAX_BASE64_BYTES = 64 * 1024;

export async function serveLiveness(t: TestContext, options: Partial<LivenessHandlerOptions> = {}): Promise<number> {
  const handler = createFaceIdLivenessHandler({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    allowedOrigins: [PAGE_ORIGIN],
    acceptUnissuedCodes: true,
    session: () => 'raw-http-session',
    identity: async () => ({ idCard: '11010119900307001X', name: '张三' }),
    maxBase64Bytes: MAX_BASE64_BYTES,
    fetch: async () => new Response('{}'),
    ...options,
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

export interface Exchange {
  /** Everything the server sent before closing. */
  response: string;
  /** A reset (ECONNRESET, EPIPE) seen while sending or reading. */
  reset?: string;
}

/**
 * Sends `head` then `chunks` as fast as the socket takes them, and reads until the server closes. The socket is
 * handed to `opened`, e.g. to send more later.
 */
export function exchange(
  port: number,
  head: string,
  chunks: Buffer[],
  opened?: (socket: Socket) => void,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    opened?.(socket);
    let response = '';
    let reset: string | undefined;
    socket.on('data', (data) => (response += data.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => (reset ??= error.code ?? error.message));
    socket.on('close', () => resolve({ response, ...(reset === undefined ? {} : { reset }) }));
    socket.write(head);
    for (const chunk of chunks) socket.write(chunk);
  });
}

export function head(lines: string[]): string {
  return [
    'POST /liveness HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: multipart/form-data; boundary=cap',
    ...lines,
    '',
    '',
  ].join('\r\n');
}

export function answerOf(response: string): {
  status: number;
  connection?: string;
  reason?: string;
  retryAfter?: string;
} {
  const [top = '', body = ''] = response.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(top)?.[1]);
  const connection = /^connection: *(.*)$/im.exec(top)?.[1];
  const reason = /"reason":"([^"]+)"/.exec(body)?.[1];
  const retryAfter = /^retry-after: *(.*)$/im.exec(top)?.[1];
  return {
    status,
    ...(connection ? { connection } : {}),
    ...(reason ? { reason } : {}),
    ...(retryAfter ? { retryAfter } : {}),
  };
}
