// web-test-runner prints no closing count line; CI reads one. This reporter counts every test of every browser
// and hands the totals to scripts/test.mjs (or prints the line itself when the runner is used directly).
// Engines that could not run (scripts/engines.mjs) are counted too: each left-out (engine, group) pair adds the
// tests another engine ran from that group's files as skipped (or one, when no engine ran the group), and one line
// says why. Under CI=true an engine that is not installed counts as a failure. A group an engine cannot run at all
// (an engine limit named in the config) is counted the same way, with its own line.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The runner's own words when a page's connection drops mid-file (a crashed, or frozen and ended, browser). */
const DISCONNECTED = 'Tests were interrupted because the browser disconnected.';

function countSuite(suite, counts) {
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites) countSuite(child, counts);
}

function testsIn(suite) {
  return suite ? suite.tests.length + suite.suites.reduce((sum, child) => sum + testsIn(child), 0) : 0;
}

/** Per engine left out: how many tests it would have run, judged by the engines that did run the same files. */
function countSkippedEngines(sessions, skippedEngines) {
  const byEngine = new Map();
  for (const { label, group, reason, notInstalled, engineLimit } of skippedEngines) {
    const mostPerFile = new Map();
    for (const session of sessions) {
      if (session.group.name !== group) continue;
      mostPerFile.set(session.testFile, Math.max(mostPerFile.get(session.testFile) ?? 0, testsIn(session.testResults)));
    }
    const tests = mostPerFile.size > 0 ? [...mostPerFile.values()].reduce((a, b) => a + b, 0) : 1;
    // An engine left out of the whole run gets one line; a group it cannot run (an engine limit) gets its own.
    const key = engineLimit ? `${label} ${group}` : label;
    const entry = byEngine.get(key) ?? { label, group, reason, notInstalled, engineLimit, tests: 0 };
    entry.tests += tests;
    byEngine.set(key, entry);
  }
  return [...byEngine.values()];
}

/**
 * One session's counts (one file in one engine and group), and whether its page was lost to a disconnect with no
 * failed test seen before it: scripts/test.mjs runs such a WebKit file again.
 */
function countSession(session) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (session.testResults) countSuite(session.testResults, counts);
  const assertionsFailed = counts.failed > 0;
  // A file that failed to load or threw outside a test has no results to count: count it as one failure.
  const ranNothing =
    !session.testResults || (session.testResults.tests.length === 0 && session.testResults.suites.length === 0);
  if (session.errors.length > 0 || (session.passed === false && ranNothing)) counts.failed += 1;
  const disconnected = session.errors.some((error) => error.message === DISCONNECTED);
  return {
    engine: session.browser.name,
    group: session.group.name,
    file: relative(process.cwd(), session.testFile),
    ...counts,
    lost: disconnected && !assertionsFailed,
  };
}

export function countReporter({ skippedEngines = [] } = {}) {
  let counts = { passed: 0, failed: 0, skipped: 0 };
  let notes = [];
  let files = [];
  return {
    onTestRunFinished({ sessions }) {
      counts = { passed: 0, failed: 0, skipped: 0 };
      notes = [];
      files = sessions.map(countSession);
      for (const file of files) {
        counts.passed += file.passed;
        counts.failed += file.failed;
        counts.skipped += file.skipped;
      }
      for (const engine of countSkippedEngines(sessions, skippedEngines)) {
        counts.skipped += engine.tests;
        const failsCi = engine.notInstalled && process.env.CI === 'true';
        if (failsCi) counts.failed += 1;
        const counted = `${engine.tests} test${engine.tests === 1 ? '' : 's'} counted as skipped${failsCi ? '; CI=true, so this fails the run' : ''}`;
        notes.push(
          engine.engineLimit
            ? `${engine.label} does not run the ${engine.group} group: ${engine.reason} (${counted}).`
            : `${engine.label} skipped: ${engine.reason} (${counted}).`,
        );
      }
    },
    stop() {
      const file = process.env.LIVENESS_COUNTS_FILE;
      if (file) writeFileSync(file, JSON.stringify({ ...counts, notes, files }));
      else
        process.on('exit', () => {
          for (const note of notes) console.log(note);
          console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
          // A left-out engine under CI fails the run even when every test that ran passed.
          if (counts.failed > 0) process.exitCode = 1;
        });
    },
  };
}
