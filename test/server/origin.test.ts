// The origin check under attack (issue 12, findings 2 and 3): a request target that names another origin, and
// another site's page asking without `Origin`. The targets go over raw sockets, as an attacker's client sends them:
// fetch would normalise them away.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { createFaceIdLiveCodeHandler, toNodeListener } from '../../src/server/index.js';
import { ENDPOINT, PAGE_ORIGIN, SECRET_ID, SECRET_KEY } from './fixtures.js';
import { HANDLERS } from './handlers-table.js';

/** A code handler behind toNodeListener on a real port, counting its upstream calls. */
async function codeServer(t: TestContext): Promise<{ port: number; upstreamCalls: () => number }> {
  let calls = 0;
  const handler = createFaceIdLiveCodeHandler({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    allowedOrigins: [PAGE_ORIGIN],
    acceptUnboundCodes: true,
    fetch: async () => {
      calls += 1;
      return new Response('{"Response":{"LiveCode":"0521","RequestId":"r"}}');
    },
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, upstreamCalls: () => calls };
}

/** Sends `head` as written (plus the blank line) and reads the status of the answer. */
function rawRequest(port: number, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${head}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
      if (status === undefined) reject(new Error(`No HTTP answer: ${JSON.stringify(text.slice(0, 80))}`));
      else resolve(Number(status));
    });
  });
}

describe('the request target never chooses the origin (toNodeListener)', () => {
  const attacks: [string, string][] = [
    ['a protocol-relative path', '//evil.example/api/live-code'],
    ['a backslash path', '/\\evil.example/api/live-code'],
    ['an absolute-form target', 'http://evil.example/api/live-code'],
  ];
  for (const [name, target] of attacks) {
    test(`${name} with that origin's Origin is refused with 400, without an upstream call`, async (t) => {
      const server = await codeServer(t);
      const status = await rawRequest(
        server.port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://evil.example`,
      );
      assert.equal(status, 400);
      assert.equal(server.upstreamCalls(), 0);
    });
  }

  test('a malformed Host is refused with 400; an ordinary path from the page or itself is served', async (t) => {
    const server = await codeServer(t);
    const own = `http://127.0.0.1:${server.port}`;
    assert.equal(
      await rawRequest(
        server.port,
        `GET /api/live-code HTTP/1.1\r\nHost: evil.example/x\r\nOrigin: http://evil.example`,
      ),
      400,
    );
    assert.equal(
      await rawRequest(
        server.port,
        `GET /api/live-code HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://evil.example`,
      ),
      403,
    );
    assert.equal(
      await rawRequest(
        server.port,
        `GET /api/live-code?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${PAGE_ORIGIN}`,
      ),
      200,
    );
    assert.equal(
      await rawRequest(
        server.port,
        `POST /api/live-code HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${own}\r\nContent-Length: 0`,
      ),
      200,
    );
    assert.equal(server.upstreamCalls(), 2);
  });
});

describe("the handlers' own origin comes from the scheme and Host", () => {
  test("a URL naming another host does not make that host's Origin same-origin", async () => {
    const handler = HANDLERS[2]!.create();
    const request = new Request('http://evil.example/api/live-code', {
      headers: { Host: 'api.shop.example', Origin: 'http://evil.example' },
    });
    assert.equal((await handler(request)).status, 403);
    const own = new Request('http://evil.example/api/live-code', {
      headers: { Host: 'api.shop.example', Origin: 'http://api.shop.example' },
    });
    assert.equal((await handler(own)).status, 200);
  });
});

describe('requests without Origin', () => {
  for (const setup of HANDLERS) {
    test(`${setup.name}: another site's page (Sec-Fetch-Site cross-site or same-site) is refused with 403 in the upstream shape`, async () => {
      let calls = 0;
      const handler = setup.create({
        fetch: async () => {
          calls += 1;
          return new Response('{}');
        },
      });
      for (const site of ['cross-site', 'same-site']) {
        const response = await handler(new Request(ENDPOINT, { headers: { 'Sec-Fetch-Site': site } }));
        assert.equal(response.status, 403, site);
        assert.match(await response.text(), setup.errorPattern);
        assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
      }
      assert.equal(calls, 0);
    });
  }

  test('the page itself, a typed URL and a non-browser client (no Sec-Fetch-Site) are served', async () => {
    const handler = HANDLERS[2]!.create();
    const cases: Record<string, string>[] = [{ 'Sec-Fetch-Site': 'same-origin' }, { 'Sec-Fetch-Site': 'none' }, {}];
    for (const headers of cases) {
      assert.equal((await handler(new Request(ENDPOINT, { headers }))).status, 200, JSON.stringify(headers));
    }
  });
});
