// The lines the source tree keeps: browser code never reaches the server half (which holds the SecretKey), the
// protocol both halves share stands on nothing, and the server's folders import one another one way only.
// Read from the sources' own import statements (type-only ones included: they tie the halves just the same).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const SERVER = join(SRC, 'server');
const PROTOCOL = join(SRC, 'protocol');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier of a file: `import … from`, `export … from`, `import '…'` and `import('…')`. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/g)].map(
    (match) => match[1]!,
  );
  found.push(...[...text.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!));
  found.push(...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1]!));
  return found;
}

/** The files of this tree a file imports (relative specifiers; `.js` names its `.ts` source). */
function localImports(file: string): string[] {
  return specifiers(file)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier))
    .map((path) => (existsSync(path) ? path : path.replace(/\.js$/, '.ts')))
    .filter((path) => existsSync(path) && statSync(path).isFile());
}

const inside = (folder: string, path: string) => !relative(folder, path).startsWith('..');

describe('module boundaries', () => {
  test('no browser module reaches src/server/, directly or through another module', () => {
    const browserModules = sourceFiles(SRC).filter((file) => !inside(SERVER, file));
    assert.ok(browserModules.length > 20, 'the walk found the browser modules');
    const reached = new Map<string, string>();
    const queue = browserModules.map((file) => [file, relative(SRC, file)] as const);
    for (const [file, path] of queue) {
      for (const imported of localImports(file)) {
        if (reached.has(imported)) continue;
        const route = `${path} -> ${relative(SRC, imported)}`;
        reached.set(imported, route);
        assert.ok(!inside(SERVER, imported), `a browser module imports server code: ${route}`);
        queue.push([imported, route]);
      }
    }
  });

  test('the shared protocol imports nothing, so it carries no Node or DOM API into either half', () => {
    const files = sourceFiles(PROTOCOL);
    assert.ok(files.length > 0);
    for (const file of files) {
      const outside = specifiers(file).filter((specifier) => !specifier.startsWith('./'));
      assert.deepEqual(outside, [], `${relative(SRC, file)} imports from outside src/protocol/`);
    }
  });

  test("the server's folders import one another one way only: no cycle", () => {
    const folderOf = (file: string) => relative(SERVER, file).split('/')[0]!;
    const edges = new Map<string, Set<string>>();
    for (const file of sourceFiles(SERVER)) {
      const from = folderOf(file);
      // index.ts, the public entry, stands above every folder.
      if (!from.includes('/') && from.endsWith('.ts')) continue;
      for (const imported of localImports(file).filter((path) => inside(SERVER, path))) {
        const to = folderOf(imported);
        assert.ok(!to.endsWith('.ts'), `${relative(SRC, file)} imports the entry ${to}`);
        if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    assert.deepEqual([...edges.keys()].sort(), ['codes', 'http', 'redis', 'verify'], 'the folders that import others');
    // Depth-first search for a path back to where it started.
    const cycleFrom = (start: string, at: string, path: string[]): string[] | undefined => {
      for (const next of edges.get(at) ?? []) {
        if (next === start) return [...path, next];
        if (!path.includes(next)) {
          const found = cycleFrom(start, next, [...path, next]);
          if (found) return found;
        }
      }
      return undefined;
    };
    for (const folder of edges.keys()) {
      const cycle = cycleFrom(folder, folder, [folder]);
      assert.equal(cycle, undefined, `the server folders import each other: ${cycle?.join(' -> ')}`);
    }
  });

  test('no module of src/ imports itself back through others: every import runs one way', (t) => {
    const files = sourceFiles(SRC);
    const imports = new Map(files.map((file) => [file, localImports(file)]));
    let importCount = 0;
    for (const targets of imports.values()) importCount += targets.length;
    t.diagnostic(`${files.length} modules, ${importCount} imports`);
    // Depth-first search; a module met again while still on the path closes a cycle.
    const done = new Set<string>();
    const visit = (file: string, path: string[]): string[] | undefined => {
      if (path.includes(file)) return [...path.slice(path.indexOf(file)), file];
      if (done.has(file)) return undefined;
      for (const next of imports.get(file) ?? []) {
        const cycle = visit(next, [...path, file]);
        if (cycle) return cycle;
      }
      done.add(file);
      return undefined;
    };
    for (const file of files) {
      const cycle = visit(file, []);
      assert.equal(cycle, undefined, `an import cycle: ${cycle?.map((path) => relative(SRC, path)).join(' -> ')}`);
    }
  });

  test('the state machine and the take stand below the element: neither imports it', () => {
    const element = join(SRC, 'liveness-challenge.ts');
    const below = [join(SRC, 'state.ts'), ...sourceFiles(join(SRC, 'take'))];
    for (const file of below) {
      assert.ok(!localImports(file).includes(element), `${relative(SRC, file)} imports the element`);
    }
    assert.deepEqual(
      localImports(join(SRC, 'state.ts')).map((path) => relative(SRC, path)),
      ['events.ts', 'protocol/wire.ts'],
      'state.ts imports only the event and wire types',
    );
  });
});
