// The size budget of the first download (README "Size"), checked on every `npm test`: both ways a page gets the
// element (the CDN bundle, and an app bundling `liveness-challenge/define` with Vite) are built in memory with
// bench/sizes.mjs and compressed with gzip -9. Builds are deterministic, so this is an exact check, not a timing.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
// @ts-expect-error: a plain ES module of the bench, without types.
import { measureFirstDownloads } from '../../bench/sizes.mjs';

const BUDGET_GZIP = 14_000;

interface FirstDownload {
  gzip: number;
  files: string[];
  modules: string[];
}

/** What a page that only shows a code must not download: each is a lazy chunk, loaded when needed. */
const LAZY = [
  /^src\/capture\//, // camera, level meter, recorder, finishing
  /^src\/submit\//, // upload
  /^src\/take\/steps\.ts$/, // the take's steps
  /^src\/view\.ts$/, // review, recording and error views
  /^src\/strings\/(en|zh-cn|upstream)\.ts$/, // the languages' full texts
  /node_modules\/mediabunny\//,
];

describe('first download (before start())', () => {
  let sizes: { cdn: FirstDownload; app: FirstDownload };
  before(async () => {
    sizes = await measureFirstDownloads();
  });

  for (const [name, label] of [
    ['cdn', 'the CDN bundle'],
    ['app', "a Vite app's bundle of liveness-challenge/define"],
  ] as const) {
    it(`${label} is at most 14 KB gzip`, () => {
      const { gzip, files } = sizes[name];
      assert.ok(
        gzip <= BUDGET_GZIP,
        `${gzip} bytes gzip in ${files.join(', ')}: ${gzip - BUDGET_GZIP} over the 14 KB budget`,
      );
    });

    it(`${label} holds no capture, review, upload or language module`, () => {
      const eager = sizes[name].modules.filter((id) => LAZY.some((pattern) => pattern.test(id)));
      assert.deepEqual(eager, []);
    });
  }
});
