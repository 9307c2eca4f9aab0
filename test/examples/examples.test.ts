// Every integration the README shows is a real app in examples/, installed from the packed tarball as a user would
// install it. This builds each app once (without the secrets, as in a Docker or CI build), starts it on a loopback
// port against the local fake Tencent upstream (demo/mock), and checks what a user would: the page renders (the tag
// is in the server-rendered HTML where the framework renders on the server), the code route answers the element
// for an allowed origin with a request the fake upstream verified the signature of, and another origin is refused.
// Headless Chromium loads the Next.js and Vite pages and waits for the element to show the code.
// The README's snippets are the apps' marked regions, checked word for word at the end.
//
// Run: node --import tsx --test test/examples/examples.test.ts (scripts/test.mjs runs it as its own step).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import type { Browser } from 'puppeteer-core';
import { startMockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import type { MockVerificationUpstream } from '../../demo/mock/mock-verification-upstream.js';
import { chromiumBaseArgs, chromiumPath } from '../../scripts/browsers.mjs';
import { freePort, mustRun, startServer } from './processes.js';
import type { Server } from './processes.js';

const root = new URL('../../', import.meta.url).pathname;
const examples = join(root, 'examples');
const bin = (name: string) => join(examples, 'node_modules/.bin', name);
const SECRET_ID = 'AKIDexamplesSecretId0123456789';
const SECRET_KEY = 'examples-secret-key-never-in-a-build';
const ALLOWED_ORIGIN = 'https://shop.example';
const OTHER_ORIGIN = 'https://evil.example';
const timings: [string, number][] = [];

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await step();
  } finally {
    timings.push([label, Math.round(performance.now() - start)]);
  }
}

/** The environment of a build: the user's, minus any Tencent secret, as in a Docker or CI build. */
function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  for (const name of Object.keys(env)) if (name.startsWith('TENCENTCLOUD_')) delete env[name];
  return env;
}

let upstream: MockVerificationUpstream;

/** The environment of a running app: the secrets, at run time, and the fake upstream in place of Tencent's. */
function runEnv(port: number): NodeJS.ProcessEnv {
  return {
    ...buildEnv(),
    TENCENTCLOUD_SECRET_ID: SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
    COS_BUCKET: 'examplebucket-1250000000',
    COS_REGION: 'ap-guangzhou',
    LIVENESS_BASE_URL: upstream.baseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
  };
}

/**
 * Packs the package (`npm pack` runs prepack: the library build) and installs it into examples/. A full `npm ci`
 * runs when the examples' lockfile changed since the last one here (always on a fresh clone); otherwise only the
 * package itself is replaced from the new tarball, which is what npm would do for a tarball without new
 * dependencies.
 */
async function install(): Promise<void> {
  const packed = (
    await timed('npm pack', () => mustRun('npm', ['pack', '--silent', '--pack-destination', examples], { cwd: root }))
  )
    .trim()
    .split('\n')
    .at(-1)!;
  renameSync(join(examples, packed), join(examples, 'liveness-challenge.tgz'));
  const lock = readFileSync(join(examples, 'package-lock.json'));
  const stamp = createHash('sha256').update(lock).digest('hex');
  const stampFile = join(examples, 'node_modules/.examples-lock-sha256');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    await timed('refresh the package from the tarball', async () => {
      const target = join(examples, 'node_modules/liveness-challenge');
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target);
      await mustRun('tar', ['-xzf', join(examples, 'liveness-challenge.tgz'), '-C', target, '--strip-components=1'], {
        cwd: examples,
      });
    });
  } else {
    await timed('npm ci (examples)', () => mustRun('npm', ['ci', '--no-audit', '--no-fund'], { cwd: examples }));
    writeFileSync(stampFile, stamp);
  }
}

let browser: Browser | undefined;
async function openBrowser(): Promise<Browser> {
  assert.ok(chromiumPath, 'Chromium is needed (apt-get install chromium, or CHROME_PATH)');
  browser ??= await timed('launch Chromium', () =>
    puppeteer.launch({ executablePath: chromiumPath!, headless: true, args: chromiumBaseArgs }),
  );
  return browser;
}

before(async () => {
  upstream = await startMockVerificationUpstream({ secretId: SECRET_ID, secretKey: SECRET_KEY });
  await install();
});

after(async () => {
  await browser?.close();
  await upstream?.close();
  const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(
    `examples: ${timings.map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`).join(', ')}; steps total ${(total / 1000).toFixed(1)} s`,
  );
});

/** The examples' stand-in session: a `sid` cookie (each app's session.js). */
const SESSION_COOKIE = { name: 'sid', value: 'examples-test-session' };

interface CodeRequest {
  path: string;
  origin: string;
  withSession?: boolean;
}

async function askForCode(server: Server, { path, origin, withSession = true }: CodeRequest): Promise<Response> {
  const headers: Record<string, string> = { Origin: origin };
  if (withSession) headers.Cookie = `${SESSION_COOKIE.name}=${SESSION_COOKIE.value}`;
  return fetch(server.origin + path, { headers });
}

/** The code route answered the element and the fake upstream issued the code to a correctly signed request. */
async function assertCodeFor(
  server: Server,
  path: string,
  read: (response: Response) => Promise<string>,
): Promise<void> {
  const issuedBefore = upstream.state().codesIssued;
  const response = await askForCode(server, { path, origin: ALLOWED_ORIGIN });
  assert.equal(response.status, 200, `${path}: ${response.status}\n${server.output()}`);
  assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
  assert.match(await read(response), /^\d{4}$/);
  // The fake upstream answers a bad signature with SignatureDoesNotMatch / AuthFailure, never with a code.
  assert.equal(upstream.state().codesIssued, issuedBefore + 1, 'the fake upstream issued exactly one code');
}

/** Another origin gets 403, and a listed one without a session 401; neither reaches the upstream. */
async function assertRefused(server: Server, path: string): Promise<void> {
  const issuedBefore = upstream.state().codesIssued;
  const otherOrigin = await askForCode(server, { path, origin: OTHER_ORIGIN });
  assert.equal(otherOrigin.status, 403);
  assert.equal(otherOrigin.headers.get('access-control-allow-origin'), null);
  await otherOrigin.body?.cancel();
  const noSession = await askForCode(server, { path, origin: ALLOWED_ORIGIN, withSession: false });
  assert.equal(noSession.status, 401);
  await noSession.body?.cancel();
  assert.equal(upstream.state().codesIssued, issuedBefore, 'nothing was asked upstream');
}

const cloudApiCode = async (response: Response) =>
  ((await response.json()) as { Response: { LiveCode: string } }).Response.LiveCode;
const cosXmlCode = async (response: Response) => /<LiveCode>(\d+)<\/LiveCode>/.exec(await response.text())?.[1] ?? '';
/** COS presign: the handler answers a signed URL, which the element (here: the test) then calls. */
const presignedCode = async (response: Response) => {
  const { url, method } = (await response.json()) as { url: string; method: string };
  assert.equal(method, 'GET');
  assert.ok(url.startsWith(`${upstream.baseUrl}/?ci-process=GetLiveCode`), url);
  return cosXmlCode(await fetch(url));
};

/** The element, in Chromium, asks the code route for a code (one more issued upstream) and shows its digits. */
async function assertElementShowsCode(server: Server, label: string): Promise<void> {
  const page = await (await openBrowser()).newPage();
  try {
    await timed(`${label}: Chromium shows the code`, async () => {
      const issuedBefore = upstream.state().codesIssued;
      // A signed-in visitor: the session cookie is already set, as the site's login would have left it.
      await page.setCookie({ ...SESSION_COOKIE, url: server.origin });
      // The element's own event says which code it received; it bubbles out of the shadow root.
      await page.evaluateOnNewDocument(() => {
        document.addEventListener('liveness-code', (event) => {
          (window as unknown as { receivedCode?: string }).receivedCode = (
            event as CustomEvent<{ code: string }>
          ).detail.code;
        });
      });
      await page.goto(server.origin + '/');
      const shown = await page.waitForFunction(
        () => {
          const received = (window as unknown as { receivedCode?: string }).receivedCode;
          const digits =
            document.querySelector('liveness-challenge')?.shadowRoot?.querySelectorAll('[part~="digit"]') ?? [];
          const text = Array.from(digits, (digit) => digit.textContent).join('');
          return received !== undefined && text === received ? text : false;
        },
        { timeout: 20_000 },
      );
      assert.match(String(await shown.jsonValue()), /^\d{4}$/);
      assert.equal(
        upstream.state().codesIssued,
        issuedBefore + 1,
        'the code came from the fake upstream, through the route',
      );
    });
  } finally {
    await page.close();
  }
}

/** One app: built once, started once, stopped by its process group. */
function describeApp(
  name: string,
  setup: { build?: (cwd: string) => Promise<unknown>; start: (cwd: string, port: number) => Promise<Server> },
  checks: (server: () => Server) => void,
): void {
  describe(name, () => {
    let server: Server | undefined;
    const cwd = join(examples, name);
    before(async () => {
      if (setup.build) await timed(`${name}: build`, () => setup.build!(cwd));
      const port = await freePort();
      server = await timed(`${name}: start`, () => setup.start(cwd, port));
    });
    after(() => server?.stop());
    checks(() => server!);
  });
}

const pageHtml = async (server: Server, path = '/') => {
  const response = await fetch(server.origin + path);
  assert.equal(response.status, 200);
  return response.text();
};
/** The tag as a server rendered it: an opening tag carrying the endpoint. */
const TAG_IN_HTML = /<liveness-challenge\b[^>]*\bendpoint="\/api\/live-code"/;

describeApp(
  'nextjs',
  {
    build: (cwd) => mustRun(bin('next'), ['build'], { cwd, env: buildEnv() }),
    start: (cwd, port) =>
      startServer(bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd, port, env: runEnv(port) }),
  },
  (server) => {
    test('the page is rendered on the server with the element tag in it', async () => {
      assert.match(await pageHtml(server()), TAG_IN_HTML);
    });
    test('the Node-runtime route answers the element for an allowed origin, signed correctly', () =>
      assertCodeFor(server(), '/api/live-code', cloudApiCode));
    test('the edge-runtime route does too', () => assertCodeFor(server(), '/api/live-code-edge', cloudApiCode));
    test('another origin, and a request without a session, are refused by both routes', async () => {
      await assertRefused(server(), '/api/live-code');
      await assertRefused(server(), '/api/live-code-edge');
    });
    test('in Chromium, the element comes alive and shows the code', () => assertElementShowsCode(server(), 'nextjs'));
  },
);

for (const [name, shape, read] of [
  ['express', 'COS presign', presignedCode],
  ['koa', 'COS proxy', cosXmlCode],
  ['node-http', 'FaceID', cloudApiCode],
] as const) {
  describeApp(
    name,
    { start: (cwd, port) => startServer(process.execPath, ['server.js'], { cwd, port, env: runEnv(port) }) },
    (server) => {
      test('the page is served with the element tag in it', async () => {
        assert.match(await pageHtml(server()), TAG_IN_HTML);
      });
      test(`the code route (${shape}) answers an allowed origin, signed correctly`, () =>
        assertCodeFor(server(), '/api/live-code', read));
      test('another origin, and a request without a session, are refused', () =>
        assertRefused(server(), '/api/live-code'));
    },
  );
}

describeApp(
  'cloudflare-worker',
  {
    build: (cwd) => mustRun('npm', ['run', 'build'], { cwd, env: buildEnv() }),
    start: (cwd, port) =>
      startServer(bin('workerd'), ['serve', 'config.capnp', '--socket-addr', `http=127.0.0.1:${port}`], {
        cwd,
        port,
        env: runEnv(port),
      }),
  },
  (server) => {
    test('workerd serves the page with the element tag in it', async () => {
      assert.match(await pageHtml(server()), TAG_IN_HTML);
    });
    test('the code route (COS proxy) answers an allowed origin, signed correctly', () =>
      assertCodeFor(server(), '/api/live-code', cosXmlCode));
    test('another origin, and a request without a session, are refused', () =>
      assertRefused(server(), '/api/live-code'));
  },
);

for (const [name, read] of [
  ['vite-react', cloudApiCode],
  ['vite-vue', cosXmlCode],
] as const) {
  describeApp(
    name,
    {
      build: (cwd) => mustRun(bin('vite'), ['build'], { cwd, env: buildEnv() }),
      start: (cwd, port) =>
        startServer(bin('vite'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
          cwd,
          port,
          env: runEnv(port),
        }),
    },
    (server) => {
      test('the built page is served (the element is rendered in the browser)', async () => {
        assert.match(await pageHtml(server()), /<script type="module"[^>]* src="\/assets\/index-[\w-]+\.js"/);
      });
      test('the code route answers an allowed origin, signed correctly', () =>
        assertCodeFor(server(), '/api/live-code', read));
      test('another origin, and a request without a session, are refused', () =>
        assertRefused(server(), '/api/live-code'));
      test('in Chromium, the element is rendered and shows the code', () => assertElementShowsCode(server(), name));
    },
  );
}

describe('the README and the examples', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  /** The text between `// #region readme` and `// #endregion readme`, markers and their indentation removed. */
  function regions(path: string): string[] {
    const text = readFileSync(join(examples, path), 'utf8');
    const found = [...text.matchAll(/^([ \t]*)\/\/ #region readme\n([\s\S]*?)^[ \t]*\/\/ #endregion readme$/gm)].map(
      ([, indent, body]) => body!.replace(new RegExp(`^${indent}`, 'gm'), '').trimEnd(),
    );
    assert.ok(found.length > 0, `${path} has no readme region`);
    return found;
  }

  for (const path of [
    'express/server.js',
    'koa/server.js',
    'node-http/server.js',
    'cloudflare-worker/src/worker.js',
    'nextjs/app/liveness.tsx',
    'nextjs/app/api/live-code/route.ts',
    'nextjs/app/api/live-code-edge/route.ts',
    'vite-react/src/App.tsx',
    'vite-vue/src/main.ts',
    'vite-vue/vite.config.ts',
  ]) {
    test(`the README quotes ${path} word for word`, () => {
      for (const region of regions(path))
        assert.ok(readme.includes(region), `README.md lacks this part of examples/${path}:\n${region}`);
    });
  }

  test('the README quotes the Vue template line of vite-vue/src/App.vue', () => {
    const line = readFileSync(join(examples, 'vite-vue/src/App.vue'), 'utf8')
      .split('\n')
      .find((text) => text.includes('<liveness-challenge'))!;
    assert.ok(readme.includes(line.trim()), line);
  });

  test("the examples' lockfile installs the tarball with the package's own dependencies and no pinned hash", () => {
    const lock = JSON.parse(readFileSync(join(examples, 'package-lock.json'), 'utf8'));
    const entry = lock.packages['node_modules/liveness-challenge'];
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(entry.resolved, 'file:liveness-challenge.tgz');
    // A hash would change with every source change and make `npm ci` fail with EINTEGRITY: after an
    // `npm install` in examples/, delete this entry's "integrity" line.
    assert.equal(
      entry.integrity,
      undefined,
      'remove the "integrity" of node_modules/liveness-challenge from examples/package-lock.json',
    );
    assert.deepEqual(
      entry.dependencies,
      pkg.dependencies,
      "run npm install in examples/ after changing the package's dependencies",
    );
  });
});
