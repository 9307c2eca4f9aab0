// Which browser engines a test run uses, and which it leaves out and why. An engine that is not installed, or is
// left out by ONLY_BROWSER or SKIP_<ENGINE>, still shows in the closing count: its tests are counted as skipped
// (see scripts/count-reporter.mjs), with one line saying why. Under CI=true an engine that is not installed fails
// the run instead, so CI can never pass on fewer engines than it was meant to run.
import { chromiumPath, firefoxPath, webkitMissingReason } from './browsers.mjs';

export const engineLabels = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

function notInstalledReason(engine) {
  if (engine === 'chromium')
    return chromiumPath ? undefined : 'Chromium not found (apt-get install chromium, or set CHROME_PATH)';
  if (engine === 'firefox') {
    if (process.env.SKIP_FIREFOX) return undefined; // left out on purpose: handled below
    return firefoxPath ? undefined : 'Firefox ESR not found (apt-get install firefox-esr, or set FIREFOX_PATH)';
  }
  if (process.env.SKIP_WEBKIT) return undefined;
  return webkitMissingReason;
}

/** Why `engine` does not run in this process, as { reason, notInstalled }, or undefined when it runs. */
export function engineExclusion(engine, env = process.env) {
  const only = env.ONLY_BROWSER;
  if (only && only !== engine) return { reason: `ONLY_BROWSER=${only}`, notInstalled: false };
  if (env[`SKIP_${engine.toUpperCase()}`])
    return { reason: `SKIP_${engine.toUpperCase()} is set`, notInstalled: false };
  const reason = notInstalledReason(engine);
  return reason ? { reason, notInstalled: true } : undefined;
}

/**
 * Collects the launchers of every group, leaving out the engines that cannot run and remembering each left-out
 * (engine, group) pair for the count reporter.
 */
export function createEngines() {
  /** @type {{ engine: string, label: string, group: string, reason: string, notInstalled: boolean }[]} */
  const skipped = [];

  /**
   * `factories` maps an engine name to a function making its launcher; only runnable engines are called. A string
   * instead of a function says why that engine cannot run this group at all (an engine limit): it is counted as
   * skipped with that reason, on every machine.
   */
  function browsers(group, factories) {
    const launchers = [];
    for (const [engine, make] of Object.entries(factories)) {
      if (typeof make === 'string') {
        skipped.push({
          engine,
          label: engineLabels[engine],
          group,
          reason: make,
          notInstalled: false,
          engineLimit: true,
        });
        continue;
      }
      const exclusion = engineExclusion(engine);
      if (exclusion) skipped.push({ engine, label: engineLabels[engine], group, ...exclusion });
      else launchers.push(make());
    }
    return launchers;
  }

  /** A web-test-runner group: `{ name, files, chromium?, firefox?, webkit? }`, each engine a launcher factory. */
  function group({ name, files, ...factories }) {
    // scripts/test.mjs re-runs one lost WebKit file in its own group (`--group` runs the group's whole glob).
    return { name, files: process.env.LIVENESS_RERUN_FILE ?? files, browsers: browsers(name, factories) };
  }

  return { browsers, group, skipped };
}
