// A node:test reporter that writes only the totals, as JSON, for scripts/test.mjs to add up.
export default async function* nodeCountReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    // Suites report too; count only leaf tests (a suite's details carry type 'suite').
    if (event.data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass') {
      if (event.data.skip || event.data.todo) counts.skipped += 1;
      else counts.passed += 1;
    } else if (event.type === 'test:fail') counts.failed += 1;
  }
  yield JSON.stringify(counts);
}
