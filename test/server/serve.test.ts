import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFaceIdLiveCodeHandler } from '../../src/server/index.js';
import { HANDLERS } from './handlers-table.js';
import { ENDPOINT, PAGE_ORIGIN, SECRET_ID, SECRET_KEY } from './fixtures.js';

const EVIL_ORIGIN = 'https://evil.example';

for (const setup of HANDLERS) {
  describe(`${setup.name} handler: origins, CORS and methods`, () => {
    test('an allowed origin is served, with CORS headers, Vary and no-store', async () => {
      const response = await setup.create()(new Request(ENDPOINT, { headers: { Origin: PAGE_ORIGIN } }));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), PAGE_ORIGIN);
      assert.equal(response.headers.get('Access-Control-Allow-Credentials'), null);
      assert.equal(response.headers.get('Vary'), 'Origin');
      assert.equal(response.headers.get('Cache-Control'), 'no-store');
      assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
    });

    test('another origin is refused with 403 in the upstream shape, without CORS headers, and without a call', async () => {
      let calls = 0;
      const handler = setup.create({
        fetch: async () => {
          calls += 1;
          return new Response('');
        },
      });
      for (const method of ['GET', 'POST', 'OPTIONS']) {
        const response = await handler(new Request(ENDPOINT, { method, headers: { Origin: EVIL_ORIGIN } }));
        assert.equal(response.status, 403, method);
        assert.equal(response.headers.get('Access-Control-Allow-Origin'), null, method);
        assert.equal(response.headers.get('Cache-Control'), 'no-store', method);
        assert.match(await response.text(), setup.errorPattern, method);
      }
      assert.equal(calls, 0);
    });

    test('origins are compared exactly: scheme, host and port', async () => {
      const handler = setup.create();
      for (const origin of ['http://shop.example', 'https://shop.example:8443', 'https://a.shop.example', 'null']) {
        const response = await handler(new Request(ENDPOINT, { headers: { Origin: origin } }));
        assert.equal(response.status, 403, origin);
      }
    });

    test('a request without Origin (same-origin GET, server-to-server) is served without CORS headers', async () => {
      const response = await setup.create()(new Request(ENDPOINT));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
      assert.equal(response.headers.get('Cache-Control'), 'no-store');
    });

    test('a same-origin POST is served even when its origin is not listed', async () => {
      const handler = setup.create({ allowedOrigins: [] });
      const sameUrl = await handler(
        new Request(ENDPOINT, { method: 'POST', headers: { Origin: new URL(ENDPOINT).origin } }),
      );
      assert.equal(sameUrl.status, 200);
      // Behind a TLS-terminating proxy the URL the handler sees differs; the browser's Sec-Fetch-Site still tells.
      const proxied = await handler(
        new Request('http://10.0.0.5:3000/live-code', {
          method: 'POST',
          headers: { Origin: 'https://api.shop.example', 'Sec-Fetch-Site': 'same-origin' },
        }),
      );
      assert.equal(proxied.status, 200);
      const crossSite = await handler(
        new Request(ENDPOINT, { method: 'POST', headers: { Origin: EVIL_ORIGIN, 'Sec-Fetch-Site': 'cross-site' } }),
      );
      assert.equal(crossSite.status, 403);
    });

    test('answers the preflight of an allowed origin', async () => {
      const response = await setup.create()(
        new Request(ENDPOINT, {
          method: 'OPTIONS',
          headers: {
            Origin: PAGE_ORIGIN,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type, x-requested-with',
          },
        }),
      );
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), PAGE_ORIGIN);
      assert.equal(response.headers.get('Access-Control-Allow-Methods'), 'GET, POST');
      assert.equal(response.headers.get('Access-Control-Allow-Headers'), 'content-type, x-requested-with');
      assert.equal(response.headers.get('Access-Control-Max-Age'), '600');
      assert.equal(response.headers.get('Cache-Control'), 'no-store');
      assert.equal(await response.text(), '');
    });

    test('methods other than GET and POST are refused with 405 and Allow', async () => {
      const handler = setup.create();
      for (const method of ['PUT', 'DELETE', 'PATCH', 'HEAD']) {
        const response = await handler(new Request(ENDPOINT, { method, headers: { Origin: PAGE_ORIGIN } }));
        assert.equal(response.status, 405, method);
        assert.equal(response.headers.get('Allow'), 'GET, POST, OPTIONS', method);
        assert.equal(response.headers.get('Access-Control-Allow-Origin'), PAGE_ORIGIN, method);
        assert.equal(response.headers.get('Cache-Control'), 'no-store');
        if (method !== 'HEAD') assert.match(await response.text(), setup.errorPattern, method);
      }
    });

    test('an upstream failure is an error in the upstream shape that the page can read', async () => {
      const handler = setup.create({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
      const response = await handler(new Request(ENDPOINT, { headers: { Origin: PAGE_ORIGIN } }));
      if (!setup.callsUpstream) {
        assert.equal(response.status, 200, 'presign mode makes no upstream call');
        return;
      }
      assert.equal(response.status, 502);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), PAGE_ORIGIN);
      assert.match(await response.text(), setup.errorPattern);
    });
  });
}

describe('handler options', () => {
  const base = { secretId: SECRET_ID, secretKey: SECRET_KEY, acceptUnboundCodes: true };

  test('allowedOrigins must list plain origins: no wildcard, path or null', () => {
    for (const entry of ['*', 'null', 'https://shop.example/app', 'shop.example', 'https://*.shop.example']) {
      assert.throws(() => createFaceIdLiveCodeHandler({ ...base, allowedOrigins: [entry] }), /allowedOrigins/, entry);
    }
    assert.throws(
      () => createFaceIdLiveCodeHandler({ ...base, allowedOrigins: 'https://shop.example' as unknown as string[] }),
      /allowedOrigins/,
    );
  });

  test('allowedOrigins entries are normalised (case, trailing slash, default port)', async () => {
    const handler = createFaceIdLiveCodeHandler({
      ...base,
      allowedOrigins: ['HTTPS://Shop.Example:443/'],
      fetch: async () => new Response('{}'),
    });
    const response = await handler(new Request(ENDPOINT, { headers: { Origin: PAGE_ORIGIN } }));
    assert.equal(response.status, 200);
  });

  test('malformed credentials fail at creation, and the message never quotes a value', () => {
    assert.throws(() => createFaceIdLiveCodeHandler({ ...base, secretId: ' ', allowedOrigins: [] }), /secretId/);
    assert.throws(
      () => createFaceIdLiveCodeHandler({ ...base, secretKey: `${SECRET_KEY}\n`, allowedOrigins: [] }),
      /secretKey must not contain spaces or line breaks/,
    );
    try {
      createFaceIdLiveCodeHandler({ ...base, timeoutMs: -1, allowedOrigins: [] });
      assert.fail('expected a throw');
    } catch (error) {
      assert.match(String(error), /timeoutMs/);
      assert.ok(!String(error).includes(SECRET_KEY));
    }
  });
});
