// A real HTTP server on 127.0.0.1 standing in for COS, Cloud API or the legacy service. It records every request
// so a test can check method, path, headers and signature fields, and is closed when the test ends.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';

export interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/?ci-process=GetLiveCode`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** `127.0.0.1:<port>`, the Host header a client sends and the host a signature must cover. */
  host: string;
  requests: RecordedRequest[];
}

/** `reply` returns the answer, or `'hang'` to never answer (for timeouts). */
export async function startFakeUpstream(
  t: TestContext,
  reply: (request: RecordedRequest) => Reply | 'hang',
): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    requests.push(recorded);
    const answer = reply(recorded);
    if (answer === 'hang') return;
    res.writeHead(answer.status ?? 200, answer.headers ?? {});
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, requests };
}
