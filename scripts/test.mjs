// `npm test`: the Node-side suite (server signing and handlers, package and SSR checks), then the example apps (packed,
// installed with `npm ci` in examples/, built and run), then the browser suite in Chromium and, where installed,
// Firefox ESR; ends with one `N passed, N failed, N skipped` line over all, which CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, firefoxPath, missingChromiumMessage } from './browsers.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const scratch = mkdtempSync(join(tmpdir(), 'liveness-test-'));

function add(counts) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

function runNodeTests(folders, label) {
  // node:test in Node 20 does not expand globs: list the files.
  const files = folders.flatMap((folder) =>
    existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.test.ts')).map((name) => join(folder, name)) : [],
  );
  if (files.length === 0) return;
  const countsFile = join(scratch, `${label}-counts.json`);
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

function runBrowserTests() {
  if (!chromiumPath) {
    console.error(missingChromiumMessage);
    totals.failed += 1;
    return;
  }
  if (!firefoxPath) console.warn('Firefox ESR not found: running the browser suite in Chromium only (apt-get install firefox-esr).');
  const countsFile = join(scratch, 'browser-counts.json');
  const result = spawnSync('npx', ['web-test-runner', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, LIVENESS_COUNTS_FILE: countsFile },
  });
  if (existsSync(countsFile)) add(JSON.parse(readFileSync(countsFile, 'utf8')));
  if (result.status !== 0 && totals.failed === 0) totals.failed += 1;
}

if (!process.env.SKIP_NODE_TESTS) runNodeTests(['test/server', 'test/node'], 'node');
// Its own run, after the other: it packs the package, whose prepack rebuilds dist/, which test/node reads.
if (!process.env.SKIP_EXAMPLES) runNodeTests(['test/examples'], 'examples');
if (!process.env.SKIP_BROWSER_TESTS) runBrowserTests();
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
