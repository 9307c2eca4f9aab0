// `npm test` runs a WebKit file once more when its page was lost to a freeze or crash (scripts/test.mjs), and never
// a file whose assertion failed. Two small browser files prove both: one blocks its page's main thread for good the
// first time (a real freeze: the launcher's watchdog ends MiniBrowser and the runner reports "browser disconnected")
// and passes the second time; the other fails an assertion in a live page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { engineExclusion } from '../../scripts/engines.mjs';

const root = new URL('../../', import.meta.url).pathname;
const FREEZES = 'test/node/webkit-rerun/freeze-once.browser.ts';
const FAILS = 'test/node/webkit-rerun/fails.browser.ts';

describe('npm test and a lost WebKit page', () => {
  it(
    're-runs the frozen file once and replaces its counts, but not the file that failed an assertion',
    { timeout: 5 * 60_000 },
    (t) => {
      // Left out as the browser suite leaves it out (ONLY_BROWSER, SKIP_WEBKIT); not installed fails under CI=true.
      const exclusion = engineExclusion('webkit');
      if (exclusion) {
        if (exclusion.notInstalled && process.env.CI === 'true')
          assert.fail(`WebKit is required under CI=true: ${exclusion.reason}`);
        t.skip(`WebKit does not run here: ${exclusion.reason}`);
        return;
      }
      const attempts = mkdtempSync(join(tmpdir(), 'liveness-rerun-'));
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ONLY_BROWSER: 'webkit',
        SKIP_NODE_TESTS: '1',
        SKIP_EXAMPLES: '1',
        SKIP_SYSTEM_PACKAGES: '1',
        // The frozen page is given up after 10 s instead of 45 s (still well above a busy page's pause).
        LIVENESS_WEBKIT_HANG_MS: '10000',
        LIVENESS_ATTEMPTS_DIR: attempts,
      };
      delete env.LIVENESS_COUNTS_FILE;
      delete env.LIVENESS_RERUN_FILE;
      // `--group default`: these two files alone, not the config's groups (audio rules and the rest).
      const run = spawnSync(process.execPath, ['scripts/test.mjs', FREEZES, FAILS, '--group', 'default'], {
        cwd: root,
        env,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const output = `${run.stdout}\n${run.stderr}`;

      assert.equal(readFileSync(join(attempts, 'freeze-once'), 'utf8'), '2', 'the freezing file ran twice');
      assert.match(output, /the page has not answered for 10 s; ending MiniBrowser/);
      assert.ok(
        output.includes(
          `WebKit: re-ran ${FREEZES} after its page froze or crashed (browser disconnected): 2 passed, 0 failed`,
        ),
        output,
      );
      assert.ok(!output.includes(`re-ran ${FAILS}`), 'a failed assertion is not re-run');
      // Both tests of the re-run file and the passing test of the failing one; the failed assertion alone fails.
      assert.match(output, /^3 passed, 1 failed, \d+ skipped$/m);
      assert.equal(run.status, 1);
    },
  );
});
