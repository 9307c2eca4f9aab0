// `npm test`: the Node-side suite (server signing and handlers, package and SSR checks), then the browser suite in Chromium,
// Firefox ESR and WebKit; ends with one `N passed, N failed, N skipped` line over both, which CI reads. An engine that
// cannot run is counted as skipped, with one line saying why (scripts/engines.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from './install-system-deps.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const scratch = mkdtempSync(join(tmpdir(), 'liveness-test-'));

function add(counts) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

function runNodeTests() {
  // node:test in Node 20 does not expand globs: list the files.
  const files = ['test/server', 'test/node'].flatMap((folder) =>
    existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.test.ts')).map((name) => join(folder, name)) : [],
  );
  if (files.length === 0) return;
  const countsFile = join(scratch, 'node-counts.json');
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/node-count-reporter.mjs',
      `--test-reporter-destination=${countsFile}`,
      ...files,
    ],
    { stdio: 'inherit' },
  );
  if (existsSync(countsFile)) add(JSON.parse(readFileSync(countsFile, 'utf8')));
  else totals.failed += 1;
  if (result.status !== 0 && totals.failed === 0) totals.failed += 1;
}

const notes = [];

function runBrowserTests() {
  const countsFile = join(scratch, 'browser-counts.json');
  const result = spawnSync('npx', ['web-test-runner', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, LIVENESS_COUNTS_FILE: countsFile },
  });
  if (existsSync(countsFile)) {
    const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    add(counts);
    notes.push(...counts.notes);
  }
  if (result.status !== 0 && totals.failed === 0) totals.failed += 1;
}

// The browsers, WebKit's driver and media plugins, ffmpeg and redis come from the system: install what is missing
// (as root or with passwordless sudo), or stop here with the apt-get line to run.
if (!process.env.SKIP_SYSTEM_PACKAGES && !ensureSystemPackages()) {
  console.error('npm test stopped: system packages are missing (set SKIP_SYSTEM_PACKAGES=1 to run what can run anyway).');
  process.exit(1);
}

if (!process.env.SKIP_NODE_TESTS) runNodeTests();
if (!process.env.SKIP_BROWSER_TESTS) runBrowserTests();
for (const note of notes) console.log(note);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
