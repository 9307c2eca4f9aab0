// The repository stands alone: a clone has no notes beside it, so no file may send its reader to one. The names are
// assembled here so that this file does not trip its own check.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Installed and built files are not the repository's own (dot folders: .git, .next, bench/.out…).
const SKIPPED = new Set(['node_modules', 'dist', 'dist-demo', 'test-results']);
const OUTSIDE = [
  ['..', 'shared'].join('/'),
  ...['TENCENT', 'WEBKIT', 'TOOLCHAIN', 'STYLE'].map((name) => `${name}.md`),
];

function textFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    if (SKIPPED.has(name) || name.startsWith('.')) return [];
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return textFiles(path);
    return /\.(ts|tsx|mts|js|mjs|cjs|vue|md|json|html|css|yml|yaml|txt)$/.test(name) || !name.includes('.')
      ? [path]
      : [];
  });
}

test('no file refers to notes outside the repository', () => {
  const found: string[] = [];
  for (const file of textFiles(ROOT)) {
    if (statSync(file).size > 2_000_000) continue;
    const text = readFileSync(file, 'utf8');
    for (const name of OUTSIDE) if (text.includes(name)) found.push(`${relative(ROOT, file)}: ${name}`);
  }
  assert.deepEqual(found, []);
});
