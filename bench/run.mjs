// `npm run bench`: size, latency, memory and output of <liveness-challenge>, each beside the browser's own floor,
// measured in headless Chromium (and Firefox ESR where installed) with fake devices. Prints a table and writes
// bench/results.json. A script, not a test: it never fails on a budget, only when a measure cannot be taken.
//
// A full run also replaces the table in BENCHMARKS.md (between its bench:table markers), so the document always
// quotes the last run.
//
//   BENCH_QUICK=1   a smoke run (few repetitions) that checks the bench works: written to bench/.out/ only
//   SKIP_FIREFOX=1, SKIP_WEBKIT=1  leave that engine out (as in scripts/browsers.mjs)
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import {
  chromiumBaseArgs,
  chromiumFakeMediaArgs,
  chromiumPath,
  firefoxFakeMediaPrefs,
  firefoxPath,
  missingChromiumMessage,
  webkitFakeMediaArgs,
  webkitMissingReason,
  webkitNoGestureArgs,
} from '../scripts/browsers.mjs';
import { measureBrowser } from './browser.mjs';
import { evaluateBudgets, renderTable } from './report.mjs';
import { measureSizes } from './sizes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pageRoot = fileURLToPath(new URL('./page', import.meta.url));
const pageOut = fileURLToPath(new URL('./.out/page', import.meta.url));
const quick = Boolean(process.env.BENCH_QUICK);
const resultsFile = fileURLToPath(new URL(quick ? './.out/results-quick.json' : './results.json', import.meta.url));
const documentFile = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const TABLE_START = '<!-- bench:table:start -->';
const TABLE_END = '<!-- bench:table:end -->';
/** Sized for a 2-core machine: a full run of both browsers stays under about six minutes. */
const settings = quick
  ? { codeRuns: 3, takeRuns: 2, recordMs: 2000, fullTakes: 1, memoryTakes: 5 }
  : { codeRuns: 15, takeRuns: 9, recordMs: 2000, fullTakes: 2, memoryTakes: 50 };

const began = Date.now();
/** Other work on the machine is the noise in every timing: the load average is kept beside the figures. */
const loadAtStart = loadavg();
const log = (line) => process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);

if (!chromiumPath) {
  console.error(missingChromiumMessage);
  process.exit(1);
}

log('sizes: building the CDN bundle and the comparison entries');
const sizes = await measureSizes();

log('bench page: production build (Lit without dev mode)');
await build({
  root: pageRoot,
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  build: { outDir: pageOut, emptyOutDir: true, target: 'es2022', minify: true, sourcemap: false },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
});

// The repository's own Vite config serves the build: its plugin mounts the mock signing endpoint, as in the demo.
const server = await preview({
  root,
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  logLevel: 'warn',
  build: { outDir: pageOut },
  preview: { host: 'localhost', port: 0, open: false },
});
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error('The preview server did not report a URL.');
log(`serving the bench page at ${url}`);

const browsers = {};
const failures = [];
const targets = [
  { name: 'chromium', launch: { executablePath: chromiumPath, args: [...chromiumBaseArgs, ...chromiumFakeMediaArgs] } },
  ...(firefoxPath
    ? [
        {
          name: 'firefox',
          launch: { browser: 'firefox', executablePath: firefoxPath, extraPrefsFirefox: firefoxFakeMediaPrefs },
        },
      ]
    : []),
  // WebKitGTK's MiniBrowser with mock capture devices, as in the test suite (scripts/webkit-launcher.mjs).
  ...(webkitMissingReason ? [] : [{ name: 'webkit', webkitArgs: [...webkitFakeMediaArgs, ...webkitNoGestureArgs] }]),
];
try {
  // One browser at a time: two cores, and a second browser would be the noise we measure.
  for (const target of targets) {
    try {
      browsers[target.name] = await measureBrowser({ ...target, url, settings, log });
      for (const error of browsers[target.name].errors) failures.push(`${target.name} ${error}`);
    } catch (error) {
      log(`${target.name} failed: ${error.stack ?? error}`);
      failures.push(`${target.name}: ${error.message ?? error}`);
      browsers[target.name] = { error: String(error.message ?? error) };
    }
  }
} finally {
  await server.close();
}
if (!firefoxPath) log('Firefox not found: no Firefox figures (apt-get install firefox-esr).');
if (webkitMissingReason) log(`WebKit not measured: ${webkitMissingReason}`);

const results = {
  date: new Date().toISOString(),
  command: 'npm run bench',
  quick,
  settings,
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
  },
  sizes,
  browsers,
};
results.budgets = evaluateBudgets(results);
results.seconds = Math.round((Date.now() - began) / 1000);

writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
const table = renderTable(results);
console.log(table);
const written = [resultsFile.slice(root.length)];
if (!quick) {
  const document = readFileSync(documentFile, 'utf8');
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start >= 0 && end > start) {
    writeFileSync(
      documentFile,
      `${document.slice(0, start + TABLE_START.length)}\n\n${table}\n\n${document.slice(end)}`,
    );
    written.push('BENCHMARKS.md');
  }
}
console.log(`\nWritten: ${written.join(', ')} (${results.seconds} s)`);
if (failures.length > 0) {
  console.error(`\nMeasures that could not be taken:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
