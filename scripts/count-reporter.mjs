// web-test-runner prints no closing count line; CI reads one. This reporter counts every test of every browser
// and hands the totals to scripts/test.mjs (or prints the line itself when the runner is used directly).
import { writeFileSync } from 'node:fs';

function countSuite(suite, counts) {
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites) countSuite(child, counts);
}

export function countReporter() {
  let counts = { passed: 0, failed: 0, skipped: 0 };
  return {
    onTestRunFinished({ sessions }) {
      counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, counts);
        // A file that failed to load or threw outside a test has no results to count: count it as one failure.
        const ranNothing = !session.testResults || (session.testResults.tests.length === 0 && session.testResults.suites.length === 0);
        if (session.errors.length > 0 || (session.passed === false && ranNothing)) counts.failed += 1;
      }
    },
    stop() {
      const file = process.env.LIVENESS_COUNTS_FILE;
      if (file) writeFileSync(file, JSON.stringify(counts));
      else process.on('exit', () => console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`));
    },
  };
}
