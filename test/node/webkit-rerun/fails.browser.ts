// Run only by test/node/webkit-rerun.test.ts (outside the suite's `files` glob): a genuine assertion failure in a
// live page, which must never be re-run.
import { expect } from '@open-wc/testing';

describe('a page whose assertion fails', () => {
  it('passes one test', () => {
    expect(1 + 1).to.equal(2);
  });

  it('fails one assertion', () => {
    expect(1 + 1).to.equal(3);
  });
});
