// `npm test`: the Node-side suite (server signing and handlers, package and SSR checks), then the example apps (packed,
// installed with `npm ci` in examples/, built and run), then the browser suite in Chromium, Firefox ESR and WebKit;
// ends with one `N passed, N failed, N skipped` line over all, which CI reads. An engine that cannot run is counted
// as skipped, with one line saying why (scripts/engines.mjs). A WebKit file whose page froze or crashed runs once
// more (rerunLostWebkitFiles).
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

function runNodeTests(folders, label) {
  // node:test in Node 20 does not expand globs: list the files.
  const files = folders.flatMap((folder) =>
    existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith('.test.ts'))
          .map((name) => join(folder, name))
      : [],
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

const notes = [];

/** Runs web-test-runner with `args` and `env`: its exit status and the count reporter's record, if it wrote one. */
function runWebTestRunner(args, env, label) {
  const countsFile = join(scratch, `${label}-counts.json`);
  const result = spawnSync('npx', ['web-test-runner', ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env, LIVENESS_COUNTS_FILE: countsFile },
  });
  return {
    status: result.status,
    counts: existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : undefined,
  };
}

function subtract(counts) {
  add({ passed: -counts.passed, failed: -counts.failed, skipped: -counts.skipped });
}

/**
 * WebKitGTK's web process sometimes freezes for good in its media stack (or crashes); the launcher then ends
 * MiniBrowser and the runner fails the file as "browser disconnected" (scripts/webkit-launcher.mjs). Such a file,
 * and only such a file (a failed assertion is never re-run), runs once more in WebKit alone, in its own group, in
 * a fresh web-test-runner; its counts from the re-run replace those from the first. A second loss stays failed.
 */
function rerunLostWebkitFiles(files) {
  for (const lost of files.filter((file) => file.engine === 'WebKit' && file.lost)) {
    const { counts } = runWebTestRunner(
      [lost.file, '--group', lost.group],
      { ONLY_BROWSER: 'webkit', LIVENESS_RERUN_FILE: lost.file },
      `rerun-${lost.group}-${lost.file.replaceAll('/', '_')}`,
    );
    const again = counts?.files.find((file) => file.engine === 'WebKit' && file.file === lost.file);
    if (!again) {
      notes.push(
        `WebKit: re-running ${lost.file} after its page was lost gave no result; the first run's failure stands.`,
      );
      continue;
    }
    subtract(lost);
    add(again);
    const outcome = again.lost
      ? 'its page was lost again, so it fails'
      : `${again.passed} passed, ${again.failed} failed`;
    notes.push(`WebKit: re-ran ${lost.file} after its page froze or crashed (browser disconnected): ${outcome}`);
  }
}

function runBrowserTests() {
  const { status, counts } = runWebTestRunner(process.argv.slice(2), {}, 'browser');
  if (counts) {
    add(counts);
    notes.push(...counts.notes);
    rerunLostWebkitFiles(counts.files);
  }
  // A failed exit with failures counted is explained by them (and a re-run may have replaced them).
  if (status !== 0 && !(counts?.failed > 0) && totals.failed === 0) totals.failed += 1;
}

// The browsers, WebKit's driver and media plugins, ffmpeg and redis come from the system: install what is missing
// (as root or with passwordless sudo), or stop here with the apt-get line to run.
if (!process.env.SKIP_SYSTEM_PACKAGES && !ensureSystemPackages()) {
  console.error(
    'npm test stopped: system packages are missing (set SKIP_SYSTEM_PACKAGES=1 to run what can run anyway).',
  );
  process.exit(1);
}

if (!process.env.SKIP_NODE_TESTS) runNodeTests(['test/server', 'test/node'], 'node');
// Its own run, after the other: it packs the package, whose prepack rebuilds dist/, which test/node reads.
if (!process.env.SKIP_EXAMPLES) runNodeTests(['test/examples'], 'examples');
if (!process.env.SKIP_BROWSER_TESTS) runBrowserTests();
for (const note of notes) console.log(note);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
