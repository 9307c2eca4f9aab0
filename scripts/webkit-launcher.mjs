// A web-test-runner launcher for WebKit: WebKitGTK's MiniBrowser, driven by WebKitWebDriver, on an Xvfb display.
// It starts what it needs itself, on a free display and a free port (several suites may run on one machine at
// once), and stops it by process group when the run ends, fails or is interrupted.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { miniBrowserPath, webkitBaseArgs, webkitDriverPath, xvfbPath } from './browsers.mjs';
import { buildWebkitShim } from './build-webkit-shim.mjs';

/** Process groups started here; the exit hook below ends any still alive. */
const groups = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

process.on('exit', () => {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
});
// web-test-runner stops itself on SIGINT (then exits, running the hook above); SIGTERM and SIGHUP would end Node
// without any 'exit' event, leaving Xvfb and MiniBrowser behind.
for (const signal of ['SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.exit(128 + constants.signals[signal]));
}

/** Starts `command` as the leader of a new process group, so one kill ends it and everything it spawned. */
function startGroup(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  groups.add(child.pid);
  child.once('exit', () => groups.delete(child.pid));
  return child;
}

async function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  killGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
  // The leader is gone; a child that ignored SIGTERM (a stuck web process) is not.
  killGroup(child.pid, 'SIGKILL');
  groups.delete(child.pid);
}

/** One Xvfb serves every WebKit launcher of this process; it stops when the last one lets go. */
let display;
let displayUsers = 0;

async function acquireDisplay() {
  displayUsers += 1;
  display ??= startXvfb().catch((error) => {
    display = undefined;
    throw error;
  });
  return (await display).name;
}

async function releaseDisplay() {
  displayUsers -= 1;
  if (displayUsers > 0 || !display) return;
  const started = display;
  display = undefined;
  await stopGroup((await started).child);
}

/** Xvfb picks a free display number itself with -displayfd and writes it to that descriptor. */
function startXvfb() {
  const child = startGroup(xvfbPath, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  return new Promise((resolve, reject) => {
    let written = '';
    child.stdio[3].on('data', (chunk) => {
      written += chunk;
      if (written.includes('\n')) resolve({ child, name: `:${written.trim()}` });
    });
    child.once('exit', (code) =>
      reject(new Error(`Xvfb exited (${code}) before it chose a display: ${errors.trim()}`)),
    );
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls the driver's /status until it is ready; fails at once if the driver exits (say, the port was taken). */
async function waitForDriver(child, port) {
  const exited = new Promise((resolve) => child.once('exit', () => resolve(false)));
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok && (await response.json()).value?.ready) return true;
    } catch {
      // Not listening yet.
    }
    const ready = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(true), 100))]);
    if (!ready) return false;
  }
  return false;
}

async function startDriver(displayName, pluginFolder) {
  const pluginPath = [pluginFolder, process.env.GST_PLUGIN_PATH].filter(Boolean).join(':');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const child = startGroup(webkitDriverPath, [`--port=${port}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DISPLAY: displayName, ...(pluginPath ? { GST_PLUGIN_PATH: pluginPath } : {}) },
    });
    child.stderr.resume();
    if (await waitForDriver(child, port)) return { child, port };
    await stopGroup(child);
  }
  throw new Error('WebKitWebDriver did not start (tried three free ports)');
}

/**
 * Starts Xvfb (shared) and a WebKitWebDriver with the GStreamer shim on its plugin path. Resolves to the driver's
 * port and a stop() that ends the driver (and Xvfb, when no other user is left). Also for scripts driving WebKit
 * without the test runner (scripts/record-webkit-fixture.mjs).
 */
export async function startWebkitDriver() {
  const shim = buildWebkitShim();
  if (shim.reason) throw new Error(`WebKit cannot record here: ${shim.reason}`);
  const displayName = await acquireDisplay();
  let driver;
  try {
    driver = await startDriver(displayName, shim.folder);
  } catch (error) {
    await releaseDisplay();
    throw error;
  }
  let stopped = false;
  return {
    port: driver.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopGroup(driver.child);
      await releaseDisplay();
    },
  };
}

/** WebDriver capabilities for a MiniBrowser session with `webkitBaseArgs` plus `args`. */
export function webkitCapabilities(args) {
  return {
    browserName: 'MiniBrowser',
    // webdriverio asks for WebDriver BiDi by default, which WebKitWebDriver refuses ("Failed to match capabilities").
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary: miniBrowserPath, args: [...webkitBaseArgs, ...args] },
  };
}

class WebkitLauncher extends WebdriverLauncher {
  async initialize(config, testFiles) {
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
  }

  /** Starts the display and the driver the first time a test file needs them, not for groups that run nothing. */
  async createDriverManager() {
    await this.startDriverOnce();
    const manager = await super.createDriverManager();
    this.watchForHangs();
    return manager;
  }

  /**
   * WebKitGTK's web process can deadlock in its media stack (seen in 3 of 4 full WebKit runs at load 15-25 on
   * 2 cores: the page froze mid-take or while finishing, its main thread stuck in a futex wait).
   * A frozen page runs no JavaScript, so no test timeout fires, and the runner would wait out testsFinishTimeout.
   * The page is asked a trivial question every 20 s; if it cannot answer within 45 s, MiniBrowser is ended. The
   * runner sees the page disconnect and fails that file at once, and the next file gets a fresh browser;
   * scripts/test.mjs then runs that file once more in WebKit.
   */
  watchForHangs() {
    clearInterval(this.watchdog);
    const driver = this.driver;
    let asking = false;
    this.watchdog = setInterval(
      async () => {
        if (asking || this.driver !== driver) return;
        asking = true;
        let timer;
        const silence = new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_TIMEOUT_MS)));
        const answer = await Promise.race([driver.execute('return 1').catch(() => 'gone'), silence]);
        clearTimeout(timer);
        asking = false;
        if (answer === 'hung' && this.driver === driver) {
          console.error(`WebKit: the page has not answered for ${HANG_TIMEOUT_MS / 1000} s; ending MiniBrowser.`);
          await this.discardBrowser();
        }
      },
      Math.min(20_000, HANG_TIMEOUT_MS),
    );
    this.watchdog.unref();
  }

  async startDebugSession(id, url) {
    await this.startDriverOnce();
    return super.startDebugSession(id, url);
  }

  async startDriverOnce() {
    this.starting ??= (async () => {
      this.webkitDriver = await startWebkitDriver();
      this.options.port = this.webkitDriver.port;
    })();
    return this.starting;
  }

  /**
   * After a file, the runner asks the page for its results; a hung page (see watchForHangs) cannot answer, so the
   * browser is thrown away and the next file gets a fresh one.
   */
  async stopSession(id) {
    let timer;
    const hung = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('WebKit page did not answer')), STOP_SESSION_TIMEOUT_MS);
    });
    try {
      return await Promise.race([super.stopSession(id), hung]);
    } catch (error) {
      console.error(`WebKit: restarting MiniBrowser after a page stopped answering (${error.message}).`);
      await this.discardBrowser();
      return { testCoverage: undefined };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends MiniBrowser and its driver without asking them (they may be hung); the next file starts both again. */
  async discardBrowser() {
    // The runner still asks where a lost page was, to word its "browser disconnected" failure.
    this.lostUrls = new Map(this.driverManager?.urlMap ?? []);
    clearInterval(this.watchdog);
    if (this.pendingHeartbeat != null) clearInterval(this.pendingHeartbeat);
    await this.webkitDriver?.stop();
    this.webkitDriver = undefined;
    this.starting = undefined;
    this.driver = undefined;
    this.driverManager = undefined;
  }

  getBrowserUrl(id) {
    return this.driverManager ? super.getBrowserUrl(id) : this.lostUrls?.get(id);
  }

  async stop() {
    clearInterval(this.watchdog);
    await super.stop();
    await this.webkitDriver?.stop();
    this.webkitDriver = undefined;
    this.starting = undefined;
  }
}

const STOP_SESSION_TIMEOUT_MS = 20_000;
// LIVENESS_WEBKIT_HANG_MS shortens the wait for test/node/webkit-rerun.test.ts, whose page freezes on purpose.
const HANG_TIMEOUT_MS = Number(process.env.LIVENESS_WEBKIT_HANG_MS) || 45_000;

/**
 * A WebKit browser for a web-test-runner group. `args` are MiniBrowser flags added to `webkitBaseArgs`, e.g.
 * `[...webkitFakeMediaArgs, '--media-playback-requires-user-gesture=true']` for Safari's autoplay rule.
 */
export function webkitLauncher(args) {
  return new WebkitLauncher({
    automationProtocol: 'webdriver',
    hostname: '127.0.0.1',
    port: 0,
    path: '/',
    logLevel: 'error',
    capabilities: webkitCapabilities(args),
  });
}
