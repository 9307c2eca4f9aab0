// The framework demos, built as `npm run build` builds them and run in headless Chromium: React 19 (the element in
// JSX), React 18 (the liveness-challenge/react wrapper), Vue 3 (an SFC), plus the CDN bundle in a plain page and the
// main demo. Each gets a code from the mock signing endpoint and shows its events in its log; `liveness-start` and
// `liveness-complete` are dispatched by hand (recording is tested in the element's own suite, not here).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveBuiltFile } from './static-files.js';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { build } from 'vite';
import { mockSigningEndpoint } from '../../demo/mock/mock-signing-endpoint.js';
import { chromiumBaseArgs, chromiumPath, missingChromiumMessage } from '../../scripts/browsers.mjs';

const root = new URL('../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'liveness-frameworks-'));
const CODE_ENDPOINT = '/mock/code?shape=cos&code=1234';
const CDN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN</title>
<script type="module" src="/cdn/liveness-challenge.js"></script></head>
<body><liveness-challenge endpoint="${CODE_ENDPOINT.replaceAll('&', '&amp;')}"></liveness-challenge></body></html>`;

let server: Server;
let browser: Browser;
let origin: string;

async function buildInto(configFile: string, outDir: string): Promise<void> {
  // Relative asset URLs: each build is served from its own folder.
  await build({
    configFile: join(root, configFile),
    logLevel: 'warn',
    base: './',
    build: { outDir: join(scratch, outDir), emptyOutDir: true },
  });
}

function serve(): Promise<Server> {
  const listener = createServer((request, response) => {
    mockSigningEndpoint(request, response, () => {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (pathname === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      if (pathname === '/cdn.html') {
        response.writeHead(200, { 'content-type': 'text/html' }).end(CDN_PAGE);
        return;
      }
      serveBuiltFile(scratch, pathname, response);
    });
  });
  return new Promise((resolve) => listener.listen(0, '127.0.0.1', () => resolve(listener)));
}

before(async () => {
  if (!chromiumPath) throw new Error(missingChromiumMessage);
  await buildInto('demo/react19/vite.config.ts', 'react19');
  await buildInto('demo/react18/vite.config.ts', 'react18');
  await buildInto('demo/vue/vite.config.ts', 'vue');
  await buildInto('vite.cdn.config.ts', 'cdn');
  await buildInto('vite.config.ts', 'main');
  server = await serve();
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumBaseArgs });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

/** Opens a page, failing on any uncaught error or console error of the page. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url ?? ''}`);
  });
  await page.goto(`${origin}${path}`);
  return { page, errors };
}

async function logged(page: Page, type: string): Promise<string> {
  const item = await page.waitForSelector(`#log li[data-event="${type}"]`, { timeout: 5000 });
  return (await item!.evaluate((element) => element.textContent)) ?? '';
}

/** What every framework demo must do with the element: properties set, all four events delivered to its handlers. */
async function checkDemo(name: string): Promise<void> {
  const { page, errors } = await open(`/${name}/?endpoint=${encodeURIComponent(CODE_ENDPOINT)}`);
  try {
    assert.match(await logged(page, 'liveness-code'), /"code":"1234"/);
    const element = await page.evaluate(() => {
      const challenge = document.querySelector('liveness-challenge')!;
      return {
        upgraded: customElements.get('liveness-challenge') === challenge.constructor,
        headers: challenge.headers,
        maxDuration: challenge.maxDuration,
        state: challenge.state,
        digits: Array.from(challenge.shadowRoot!.querySelectorAll('[part="digit"]'), (digit) => digit.textContent).join(
          '',
        ),
      };
    });
    assert.deepEqual(element, {
      upgraded: true,
      headers: { 'X-Demo': name },
      maxDuration: 6,
      state: 'ready',
      digits: '1234',
    });

    await page.evaluate(() => {
      const challenge = document.querySelector('liveness-challenge')!;
      const init = { bubbles: true, composed: true };
      challenge.dispatchEvent(
        new CustomEvent('liveness-start', { ...init, detail: { code: '1234', mimeType: 'video/mp4' } }),
      );
      const blob = new Blob(['mp4'], { type: 'video/mp4' });
      const detail = {
        code: '1234',
        blob,
        mimeType: 'video/mp4',
        durationMs: 4000,
        width: 640,
        height: 480,
        size: 3,
        needsTranscode: false,
      };
      challenge.dispatchEvent(new CustomEvent('liveness-complete', { ...init, detail }));
    });
    assert.match(await logged(page, 'liveness-start'), /"mimeType":"video\/mp4"/);
    assert.match(await logged(page, 'liveness-complete'), /Blob\(3 bytes, video\/mp4\)/);

    await page.evaluate(() => {
      document.querySelector('liveness-challenge')!.endpoint = '/mock/code?shape=http-500';
    });
    assert.match(await logged(page, 'liveness-error'), /"reason":"http"/);
    assert.deepEqual(
      errors.filter((error) => !/500 \(Internal Server Error\)/.test(error)),
      [],
    );
  } finally {
    await page.close();
  }
}

describe('framework demos in Chromium', () => {
  it('React 19: <liveness-challenge> in JSX, properties set, on<event> props called', () => checkDemo('react19'));

  it('React 18: the liveness-challenge/react wrapper sets properties and calls onCode, onStart, onComplete, onError', async () => {
    await checkDemo('react18');
  });

  it('Vue 3: the element in an SFC, :props bound as properties, @liveness-* handlers called', () => checkDemo('vue'));
});

describe('CDN bundle in Chromium', () => {
  it('registers the element from one <script type="module"> and loads no MP4 chunk until a take needs it', async () => {
    const { page, errors } = await open('/cdn.html');
    try {
      const requested: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await page.waitForFunction(() => document.querySelector('liveness-challenge')?.code === '1234', {
        timeout: 5000,
      });
      const digits = await page.evaluate(() =>
        Array.from(
          document.querySelector('liveness-challenge')!.shadowRoot!.querySelectorAll('[part="digit"]'),
          (digit) => digit.textContent,
        ).join(''),
      );
      assert.equal(digits, '1234');
      const scripts = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
      );
      const chunks = scripts.filter((path) => path.startsWith('/cdn/'));
      assert.equal(chunks[0], '/cdn/liveness-challenge.js');
      // The code request is its own chunk and comes first; the take may be preloaded once the code shows. The MP4
      // tools (mediabunny: finish, inspect, reader, output, WebCodecs, WebM) wait for a take's countdown.
      const mp4Chunks = chunks.filter((path) =>
        /\/(finish|finish-webm|inspect|reader|output|webcodecs-recording)-/.test(path),
      );
      assert.deepEqual(mp4Chunks, []);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});

describe('main demo build', () => {
  it('registers the element (the define module survives tree-shaking)', async () => {
    const { page, errors } = await open('/main/');
    try {
      await page.waitForFunction(
        () => document.querySelector('liveness-challenge')?.shadowRoot?.querySelector('[part="digit"]'),
        { timeout: 5000 },
      );
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
