// Run only by test/node/webkit-rerun.test.ts (outside the suite's `files` glob): the first time, the page blocks its
// main thread for good, as WebKitGTK's frozen media stack does; the re-run in a fresh web-test-runner passes.
import { expect } from '@open-wc/testing';

async function attempt(): Promise<number> {
  const response = await fetch('/__attempt?name=freeze-once');
  return ((await response.json()) as { attempt: number }).attempt;
}

describe('a page that freezes the first time', () => {
  it('runs arithmetic', () => {
    expect(1 + 1).to.equal(2);
  });

  it('freezes its main thread on the first attempt only', async () => {
    const count = await attempt();
    if (count === 1) {
      while (true) {
        // A frozen page: no JavaScript runs again, no test timeout fires.
      }
    }
    expect(count).to.equal(2);
  });
});
