// The published package: builds the library and the CDN bundle (`npm run build:lib`, `npm run build:cdn`), then checks
// what a consumer gets: the exports map, imports under Node, publint and arethetypeswrong, the files `npm pack`
// ships, the CDN bundle, and the Custom Elements Manifest against the README's API tables.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { LIVENESS_STATES } from '../../src/state.js';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'liveness-package-'));
/** Gzip -9 budget of the CDN entry (lit ~6 KB, ky ~5 KB, the element, its strings and capture logic). */
const CDN_GZIP_BUDGET = 26 * 1024;

function npm(args: string[]): string {
  return execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(() => {
  npm(['run', '--silent', 'build:lib']);
  npm(['run', '--silent', 'build:cdn']);
});

after(() => rmSync(scratch, { recursive: true, force: true }));

describe('package.json exports', () => {
  it('names the public entry points, types first, each target built', () => {
    assert.deepEqual(Object.keys(pkg.exports), [
      '.',
      './define',
      './react',
      './vue',
      './server',
      './server/redis',
      './custom-elements.json',
      './package.json',
    ]);
    for (const [entry, target] of Object.entries<string | Record<string, string>>(pkg.exports)) {
      const paths = typeof target === 'string' ? [target] : Object.values(target);
      if (typeof target !== 'string')
        assert.equal(Object.keys(target)[0], 'types', `${entry}: "types" must come first`);
      for (const path of paths) assert.ok(existsSync(join(root, path)), `${entry} → ${path} was not built`);
    }
  });

  it('lists only the define module and the CDN bundle as side effects, and the other top-level fields exist', () => {
    const published = pkg.sideEffects.filter((path: string) => path.startsWith('./dist/'));
    assert.deepEqual(published, ['./dist/define.js', './dist/cdn/liveness-challenge.js']);
    for (const path of [...published, pkg.customElements, pkg.unpkg, pkg.jsdelivr, pkg.main, pkg.types]) {
      assert.ok(existsSync(join(root, path)), `${path} was not built`);
    }
  });

  it('imports ".", "./define", "./react", "./vue", "./server" and "./server/redis" by name under Node, where there is no DOM', () => {
    const script = `
      if (typeof document !== 'undefined') throw new Error('a DOM is present');
      const index = await import('liveness-challenge');
      const server = await import('liveness-challenge/server');
      const redisStores = await import('liveness-challenge/server/redis');
      await import('liveness-challenge/define');
      await import('liveness-challenge/react');
      await import('liveness-challenge/vue');
      const manifest = await import('liveness-challenge/custom-elements.json', { with: { type: 'json' } });
      console.log(JSON.stringify([typeof index.LivenessChallenge, typeof index.LivenessCompleteEvent, typeof server.createFaceIdLiveCodeHandler, typeof redisStores.createRedisCodeStore, typeof redisStores.createRedisIdempotencyStore, manifest.default.schemaVersion]));
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const [element, event, handler, codeStore, idempotencyStore, schema] = JSON.parse(
      result.stdout.trim().split('\n').at(-1)!,
    );
    assert.deepEqual(
      [element, event, handler, codeStore, idempotencyStore],
      ['function', 'function', 'function', 'function', 'function'],
    );
    assert.match(schema, /^\d/);
  });

  it('never imports the Redis client: "./server/redis" takes the integrator\'s client as an argument', () => {
    const folder = join(root, 'dist/server/redis');
    for (const name of readdirSync(folder).filter((file) => file.endsWith('.js'))) {
      assert.doesNotMatch(
        readFileSync(join(folder, name), 'utf8'),
        /from\s*["'](redis|@redis\/[^"']*)["']|import\(\s*["'](redis|@redis\/)/,
        name,
      );
    }
  });

  it('passes publint (strict)', async () => {
    const { messages } = await publint({ pkgDir: root, strict: true, level: 'warning' });
    const problems = messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
    assert.deepEqual(problems, []);
  });

  it('passes arethetypeswrong (ESM-only profile)', () => {
    const tarball = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch])
      .trim()
      .split('\n')
      .at(-1)!;
    const result = spawnSync(
      join(root, 'node_modules/.bin/attw'),
      [join(scratch, tarball), '--profile', 'esm-only', '--format', 'ascii'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});

describe('npm pack', () => {
  it('ships dist, the README and package.json: no sources, tests or demos', () => {
    const [{ files }] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts']));
    const paths: string[] = files.map((file: { path: string }) => file.path);
    const outside = paths.filter(
      (path) => !path.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(path),
    );
    assert.deepEqual(outside, []);
    for (const needed of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/define.js',
      'dist/react.js',
      'dist/vue.d.ts',
      'dist/server/index.js',
      'dist/server/redis/index.js',
      'dist/custom-elements.json',
      'dist/cdn/liveness-challenge.js',
    ]) {
      assert.ok(paths.includes(needed), `${needed} is not packed`);
    }
    assert.ok(
      !paths.some((path) => /\.(test|spec)\.|\.tsbuildinfo$|(^|\/)demo/.test(path)),
      'tests, demos or build info are packed',
    );
  });
});

describe('CDN bundle', () => {
  const cdn = join(root, 'dist/cdn');
  const entry = () => readFileSync(join(cdn, 'liveness-challenge.js'), 'utf8');

  it('is self-contained: no static imports at all, only lazy chunks beside it', () => {
    const code = entry();
    assert.doesNotMatch(
      code,
      /^\s*import\s*[{*\w]|[;}\n]\s*import\s*[{*\w][^(]*?from\s*["'`]/m,
      'the entry imports another module statically',
    );
    assert.doesNotMatch(code, /from\s*["'`](lit|ky|mediabunny)/, 'a bare specifier is left');
    const lazy = [...code.matchAll(/import\(\s*["'`](\.\/[^"'`]+)["'`]\s*\)/g)].flatMap((match) => match[1] ?? []);
    assert.ok(lazy.length > 0, 'no lazy chunk');
    for (const chunk of lazy) assert.ok(existsSync(join(cdn, chunk)), `${chunk} is missing`);
  });

  it('keeps the MP4 tools (mediabunny) out of the entry', () => {
    const entrySize = entry().length;
    const chunks = readdirSync(cdn).filter((name) => name !== 'liveness-challenge.js');
    const largest = Math.max(...chunks.map((name) => readFileSync(join(cdn, name)).length));
    assert.ok(largest > entrySize, 'no chunk is larger than the entry: mediabunny was inlined');
    assert.doesNotMatch(entry(), /Mp4OutputFormat|BufferTarget/);
  });

  it(`stays within ${CDN_GZIP_BUDGET / 1024} KB gzipped`, (context) => {
    const size = gzipSync(readFileSync(join(cdn, 'liveness-challenge.js')), { level: 9 }).length;
    context.diagnostic(`CDN entry: ${(size / 1024).toFixed(1)} KB gzip -9`);
    assert.ok(size <= CDN_GZIP_BUDGET, `${size} bytes gzipped`);
  });
});

interface ManifestDeclaration {
  customElement?: boolean;
  tagName?: string;
  attributes?: { name: string; type?: { text: string } }[];
  events?: { name: string; type?: { text: string } }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string; default?: string }[];
  slots?: { name: string }[];
}

describe('custom-elements.json', () => {
  const manifest = () => JSON.parse(readFileSync(join(root, 'dist/custom-elements.json'), 'utf8'));
  const element = (): ManifestDeclaration =>
    manifest()
      .modules.flatMap((module: { declarations?: ManifestDeclaration[] }) => module.declarations ?? [])
      .find((d: ManifestDeclaration) => d.customElement);

  it('describes the element: tag, attributes with types, typed events, parts, CSS properties and slots', () => {
    const declaration = element();
    assert.equal(declaration.tagName, 'liveness-challenge');
    const attributes = new Map(declaration.attributes!.map((attribute) => [attribute.name, attribute]));
    for (const name of ['endpoint', 'method', 'credentials', 'timeout', 'code-length', 'lang', 'state'])
      assert.ok(attributes.has(name), `attribute ${name}`);
    assert.deepEqual(
      declaration.events!.map((event) => [event.name, event.type?.text]),
      [
        ['liveness-code', 'LivenessCodeEvent'],
        ['liveness-start', 'LivenessStartEvent'],
        ['liveness-complete', 'LivenessCompleteEvent'],
        ['liveness-submitted', 'LivenessSubmittedEvent'],
        ['liveness-error', 'LivenessErrorEvent'],
      ],
    );
    assert.ok(
      declaration.cssParts!.length > 0 &&
        declaration.cssProperties!.every((property) => property.name.startsWith('--liveness-challenge-')),
    );
    assert.ok(declaration.slots!.some((slot) => slot.name === 'heading'));
  });

  it("types the state attribute with the state machine's own list of states (src/state.ts)", () => {
    const state = element().attributes!.find((attribute) => attribute.name === 'state');
    assert.equal(state?.type?.text, LIVENESS_STATES.map((name) => `'${name}'`).join(' | '));
  });

  it('declares the event classes with their detail types and registers the tag in dist/define.js', () => {
    const modules: { path: string; declarations: { name: string }[]; exports: { kind: string; name: string }[] }[] =
      manifest().modules;
    const events = modules.find((module) => module.path === 'dist/events.js')!;
    assert.deepEqual(events.declarations.map((d) => d.name).sort(), [
      'LivenessCodeEvent',
      'LivenessCompleteEvent',
      'LivenessErrorEvent',
      'LivenessStartEvent',
      'LivenessSubmittedEvent',
    ]);
    const define = modules.find((module) => module.path === 'dist/define.js')!;
    assert.ok(
      define.exports.some((entry) => entry.kind === 'custom-element-definition' && entry.name === 'liveness-challenge'),
    );
    for (const event of element().events!) assert.match(JSON.stringify(event), /Detail type: `Liveness\w+Detail`/);
  });

  it('agrees with the README: every attribute, event, part, CSS property and slot is documented', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = (title: string) => {
      const start = readme.indexOf(`### ${title}`);
      assert.notEqual(start, -1, `README has no "### ${title}" section`);
      const next = readme.slice(start + 4).search(/\n##+ /);
      return next === -1 ? readme.slice(start) : readme.slice(start, start + 4 + next);
    };
    const declaration = element();
    const missing = [
      ...declaration.attributes!.map((a) => ['attribute', a.name, 'Attributes and properties'] as const),
      ...declaration.events!.map((e) => ['event', e.name, 'Events'] as const),
      ...declaration.cssParts!.map((p) => ['part', p.name, 'Styling'] as const),
      ...declaration.cssProperties!.map((p) => ['CSS property', p.name, 'Styling'] as const),
      ...declaration.slots!.map((s) => ['slot', s.name, 'Styling'] as const),
    ]
      .filter(([, name, title]) => !section(title).includes(`\`${name}\``))
      .map(([kind, name, title]) => `${kind} \`${name}\` (### ${title})`);
    assert.deepEqual(missing, [], `README.md does not document:\n  ${missing.join('\n  ')}`);
  });
});
