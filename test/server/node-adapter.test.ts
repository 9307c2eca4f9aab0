import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { createCosLiveCodeHandler, toNodeListener } from '../../src/server/index.js';
import { BUCKET, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY } from './fixtures.js';

async function serveOnNode(t: TestContext, listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A handler that reports what it received, with two cookies to check multi-value headers. */
async function echoHandler(request: Request): Promise<Response> {
  const seen: Seen = {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  };
  const headers = new Headers({ 'Content-Type': 'application/json', 'X-Custom': 'yes' });
  headers.append('Set-Cookie', 'a=1');
  headers.append('Set-Cookie', 'b=2');
  return new Response(JSON.stringify(seen), { status: 201, headers });
}

describe('toNodeListener', () => {
  test('serves a real handler on http.createServer', async (t) => {
    const handler = createCosLiveCodeHandler({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      bucket: BUCKET,
      region: REGION,
      allowedOrigins: [PAGE_ORIGIN],
      acceptUnboundCodes: true,
    });
    const base = await serveOnNode(t, toNodeListener(handler));
    const response = await fetch(`${base}/api/live-code`, { headers: { Origin: PAGE_ORIGIN } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), PAGE_ORIGIN);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    const body = (await response.json()) as { url: string; method: string };
    assert.equal(body.method, 'GET');
    assert.ok(body.url.startsWith(`https://${BUCKET}.cos.${REGION}.myqcloud.com/?ci-process=GetLiveCode&`));

    const refused = await fetch(`${base}/api/live-code`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(refused.status, 403);
    await refused.body?.cancel();
  });

  test('passes method, URL, headers and body through, and writes status and every header back', async (t) => {
    const base = await serveOnNode(t, toNodeListener(echoHandler));
    const response = await fetch(`${base}/path?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Trace': 'abc' },
      body: 'hello body',
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('X-Custom'), 'yes');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    const seen = (await response.json()) as Seen;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, `${base}/path?x=1`);
    assert.equal(seen.headers['x-trace'], 'abc');
    assert.equal(seen.headers.host, new URL(base).host);
    assert.equal(seen.body, 'hello body');
  });

  test('keeps the URL Express had before stripping its mount path', async (t) => {
    const listener = toNodeListener(echoHandler);
    const base = await serveOnNode(t, (req, res) => {
      Object.assign(req, { originalUrl: req.url, url: '/' });
      void listener(req, res);
    });
    const seen = (await (await fetch(`${base}/api/live-code?x=1`)).json()) as Seen;
    assert.equal(new URL(seen.url).pathname, '/api/live-code');
  });

  test('works after a body parser has already read the body', async (t) => {
    const listener = toNodeListener(echoHandler);
    const base = await serveOnNode(t, async (req, res) => {
      for await (const _chunk of req); // what express.json() does
      await listener(req, res);
    });
    const response = await fetch(base, { method: 'POST', body: 'consumed' });
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as Seen).body, '');
  });

  test('an unread request body does not stall the connection', async (t) => {
    const base = await serveOnNode(
      t,
      toNodeListener(async () => new Response('ok')),
    );
    for (let round = 0; round < 3; round += 1) {
      const response = await fetch(base, { method: 'POST', body: 'x'.repeat(200_000) });
      assert.equal(await response.text(), 'ok');
    }
  });

  test('a HEAD answer carries no body', async (t) => {
    const base = await serveOnNode(
      t,
      toNodeListener(async () => new Response('body', { status: 200 })),
    );
    const response = await fetch(base, { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
  });

  test('a handler that throws becomes a bare 500 that says nothing about the error', async (t) => {
    const base = await serveOnNode(
      t,
      toNodeListener(async () => {
        throw new Error(`boom ${SECRET_KEY}`);
      }),
    );
    const response = await fetch(base);
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.equal(await response.text(), 'Internal Server Error');
  });
});
