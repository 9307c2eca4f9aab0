// Strict pages: the built demo, served with a Content-Security-Policy that allows no inline code and no eval, records
// a take (loading the lazy MP4 chunk, and in Firefox the WebCodecs route's blob: worker) with zero
// `securitypolicyviolation` events, in Chromium and Firefox. Then inside a same-origin iframe: with
// allow="camera; microphone" a take completes; with the camera and microphone disallowed for the frame (by the
// iframe's allow attribute, or by a Permissions-Policy header on the framed document) start() ends in a clear
// `permission-denied`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveBuiltFile } from './static-files.js';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { build } from 'vite';
import { mockSigningEndpoint } from '../../demo/mock/mock-signing-endpoint.js';
import {
  chromiumBaseArgs,
  chromiumFakeMediaArgs,
  chromiumPath,
  firefoxFakeMediaPrefs,
  firefoxPath,
  missingChromiumMessage,
} from '../../scripts/browsers.mjs';

const root = new URL('../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'liveness-csp-'));
const demoDir = join(scratch, 'main');

/** What a strict site sends: nothing inline, no eval; blob: only where README.md says the element needs it. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
].join('; ');

const framePage = (allow: string, src: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>framed</title></head>` +
  `<body><iframe src="${src}" allow="${allow}" title="demo" width="900" height="1200"></iframe></body></html>`;

const PAGES: Record<string, string> = {
  '/frame-allowed.html': framePage('camera; microphone', '/main/'),
  '/frame-disallowed.html': framePage("camera 'none'; microphone 'none'", '/main/'),
  // The framed document itself refuses the camera and microphone for its own origin.
  '/frame-policy-header.html': framePage('camera; microphone', '/main/?permissions-policy=none'),
};

let server: Server;
let origin: string;

function serve(): Promise<Server> {
  const listener = createServer((request, response) => {
    response.setHeader('Content-Security-Policy', CSP);
    mockSigningEndpoint(request, response, () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const page = PAGES[url.pathname];
      if (page) {
        response.writeHead(200, { 'content-type': 'text/html' }).end(page);
        return;
      }
      if (url.searchParams.get('permissions-policy') === 'none')
        response.setHeader('Permissions-Policy', 'camera=(), microphone=()');
      serveBuiltFile(scratch, url.pathname, response);
    });
  });
  return new Promise((resolve) => listener.listen(0, '127.0.0.1', () => resolve(listener)));
}

before(async () => {
  if (!chromiumPath) throw new Error(missingChromiumMessage);
  await build({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    base: './',
    build: { outDir: demoDir, emptyOutDir: true },
  });
  server = await serve();
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs in every frame before any of its scripts: records each violation the document sees. A string, so the test's
 * TypeScript transform adds no helper the page lacks.
 */
const RECORD_VIOLATIONS = `(() => {
  const violations = [];
  Object.defineProperty(window, '__cspViolations', { value: violations });
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(event.effectiveDirective + ' blocked ' + (event.blockedURI || '(inline)') + ' at ' + event.sourceFile + ':' + event.lineNumber);
  });
})();`;

interface Opened {
  page: Page;
  /** Page errors, and console messages about the policy (a second witness besides the events). */
  errors: string[];
  requested: string[];
}

async function open(browser: Browser, path: string): Promise<Opened> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requested: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (/content.security.policy|refused to/i.test(message.text())) errors.push(message.text());
  });
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.evaluateOnNewDocument(RECORD_VIOLATIONS);
  await page.goto(`${origin}${path}`);
  return { page, errors, requested };
}

async function demoFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 10000;
  for (;;) {
    const frame = page.frames().find((candidate) => new URL(candidate.url(), origin).pathname === '/main/');
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error('no demo frame');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Outcome =
  { type: 'liveness-complete'; mimeType: string; size: number } | { type: 'liveness-error'; reason: string };

/** Starts a take on the demo's element (countdown 0, 2 s) and returns how it ended. */
async function recordTake(frame: Frame | Page): Promise<Outcome> {
  await frame.waitForFunction(() => document.querySelector('liveness-challenge')?.state === 'ready', {
    timeout: 10000,
  });
  await frame.evaluate(() => {
    const challenge = document.querySelector('liveness-challenge')!;
    const page = window as unknown as { __outcome?: unknown };
    challenge.addEventListener(
      'liveness-complete',
      (event) => (page.__outcome ??= { type: event.type, mimeType: event.detail.mimeType, size: event.detail.size }),
    );
    challenge.addEventListener(
      'liveness-error',
      (event) => (page.__outcome ??= { type: event.type, reason: event.detail.reason }),
    );
    challenge.countdown = 0;
    challenge.maxDuration = 2;
    challenge.minDuration = 1;
    challenge.minSpeechMs = 100;
    challenge.start();
  });
  await frame.waitForFunction(() => (window as unknown as { __outcome?: unknown }).__outcome !== undefined, {
    timeout: 20000,
  });
  return frame.evaluate(() => (window as unknown as { __outcome: Outcome }).__outcome);
}

async function violationsIn(page: Page): Promise<string[]> {
  const all: string[] = [];
  for (const frame of page.frames()) {
    all.push(
      ...(await frame.evaluate(
        () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? ['(the recorder did not run)'],
      )),
    );
  }
  return all;
}

const lazyChunk = (requested: string[]) =>
  requested.filter((path) => /\/assets\/(finish|webcodecs-recording)-[\w-]+\.js$/.test(path));

interface Browsing {
  name: string;
  launch(): Promise<Browser>;
  /** Why this browser skips the Permissions-Policy header case, if it does. */
  skipPolicyHeader?: string | undefined;
}

function strictPageSuite({ name, launch, skipPolicyHeader }: Browsing): void {
  describe(`strict pages in ${name}`, () => {
    let browser: Browser;
    before(async () => {
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
    });

    it('records a take on the demo under a CSP without unsafe-inline or unsafe-eval, with zero violations, the level meter included', async () => {
      const { page, errors, requested } = await open(browser, '/main/');
      try {
        const outcome = await recordTake(page);
        assert.equal(outcome.type, 'liveness-complete', JSON.stringify(outcome));
        assert.match((outcome as { mimeType: string }).mimeType, /^video\/mp4/);
        assert.notDeepEqual(lazyChunk(requested), [], 'the lazy MP4 chunk was not loaded');
        assert.deepEqual(await violationsIn(page), []);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });

    it('records a take inside a same-origin iframe allowed the camera and microphone', async () => {
      const { page, errors } = await open(browser, '/frame-allowed.html');
      try {
        const outcome = await recordTake(await demoFrame(page));
        assert.equal(outcome.type, 'liveness-complete', JSON.stringify(outcome));
        assert.deepEqual(await violationsIn(page), []);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });

    const denials: Array<{ how: string; path: string; skip?: string | undefined }> = [
      { how: "allow=\"camera 'none'; microphone 'none'\" on the iframe", path: '/frame-disallowed.html' },
      {
        how: 'Permissions-Policy: camera=(), microphone=() on the framed document',
        path: '/frame-policy-header.html',
        skip: skipPolicyHeader,
      },
    ];
    for (const { how, path, skip } of denials) {
      it(`reports permission-denied in a same-origin iframe with ${how}`, { skip }, async () => {
        const { page, errors } = await open(browser, path);
        try {
          const frame = await demoFrame(page);
          const outcome = await recordTake(frame);
          assert.deepEqual(outcome, { type: 'liveness-error', reason: 'permission-denied' });
          const message = await frame.evaluate(
            () =>
              document.querySelector('liveness-challenge')!.shadowRoot!.querySelector('[part="message"]')
                ?.textContent ?? '',
          );
          assert.match(message, /allow/i);
          assert.deepEqual(await violationsIn(page), []);
          assert.deepEqual(errors, []);
        } finally {
          await page.close();
        }
      });
    }
  });
}

strictPageSuite({
  name: 'Chromium',
  launch: () =>
    puppeteer.launch({
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      headless: true,
      args: [...chromiumBaseArgs, ...chromiumFakeMediaArgs],
    }),
});

if (firefoxPath) {
  const executablePath = firefoxPath;
  strictPageSuite({
    name: 'Firefox',
    // Records through WebCodecs: mediabunny's blob: worker must pass worker-src.
    launch: () =>
      puppeteer.launch({
        browser: 'firefox',
        executablePath,
        headless: true,
        extraPrefsFirefox: firefoxFakeMediaPrefs,
      }),
    skipPolicyHeader:
      'Firefox ESR does not implement the Permissions-Policy header (only the iframe allow attribute): the framed take records',
  });
}
