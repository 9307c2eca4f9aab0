// Every in-browser figure for one browser: the bench page's functions, driven one at a time, element and floor
// alternately (the first of each pair swaps every run, so a machine slowing down mid-run penalises neither side).
import puppeteer from 'puppeteer-core';
import { startWebkitDriver, webkitCapabilities } from '../scripts/webkit-launcher.mjs';
import { ratios, summarize } from './stats.mjs';

/** One warm-up pair before each series: first getUserMedia, first chunk loads and JIT are not what we compare. */
const WARM_UP = 1;
/** A run that fails is retried this many times; every failure is reported beside the figures, never dropped. */
const RETRIES = 2;

/** Runs `run`, retrying a failure up to RETRIES times; each failure goes into `failures`. */
async function withRetries(run, side, failures, log, label) {
  for (let tries = 0; ; tries += 1) {
    try {
      return await run();
    } catch (error) {
      const message = String(error.message ?? error).split('\n')[0];
      failures.push({ side, message });
      log(`${label}: ${side} run failed (${message})${tries < RETRIES ? ', retrying' : ''}`);
      if (tries >= RETRIES) throw error;
    }
  }
}

async function pairs(count, runElement, runFloor, log, label) {
  const results = [];
  const failures = [];
  const attempt = (side, run) => withRetries(run, side, failures, log, label);
  for (let index = -WARM_UP; index < count; index += 1) {
    const elementFirst = index % 2 === 0;
    const first = elementFirst ? await attempt('element', runElement) : await attempt('floor', runFloor);
    const second = elementFirst ? await attempt('floor', runFloor) : await attempt('element', runElement);
    if (index >= 0) results.push(elementFirst ? { element: first, floor: second } : { element: second, floor: first });
    log(`${label} ${index < 0 ? 'warm-up' : `${index + 1}/${count}`}`);
  }
  results.failures = failures;
  return results;
}

function takeFigures(takePairs) {
  const element = takePairs.map((pair) => pair.element);
  const floor = takePairs.map((pair) => pair.floor);
  const perSecond = (takes) => {
    if (takes.some((take) => take.longTasksRecording === null)) return null;
    const seconds = takes.reduce((total, take) => total + take.recordedMs / 1000, 0);
    return takes.reduce((total, take) => total + take.longTasksRecording, 0) / seconds;
  };
  return {
    runs: takePairs.length,
    failures: takePairs.failures,
    mimeType: element[0]?.mimeType,
    floorMimeType: floor[0]?.mimeType,
    resolution: element[0] ? `${element[0].width}x${element[0].height}` : undefined,
    startMs: {
      element: summarize(element.map((take) => take.startMs)),
      floor: summarize(floor.map((take) => take.startMs)),
    },
    startRatio: ratios(takePairs, (take) => take.startMs),
    floorGetUserMediaMs: summarize(floor.map((take) => take.getUserMediaMs)),
    finishMs: {
      element: summarize(element.map((take) => take.finishMs)),
      floor: summarize(floor.map((take) => take.finishMs)),
    },
    finishRatio: ratios(takePairs, (take) => take.finishMs),
    // Where the element's finish time goes (its User Timing marks), step by step.
    finishSteps: element.every((take) => take.finishSteps)
      ? Object.fromEntries(
          ['toStop', 'recorder', 'release', 'file', 'toEvent'].map((step) => [
            step,
            summarize(element.map((take) => take.finishSteps[step])),
          ]),
        )
      : null,
    longTasksPerSecond: { element: perSecond(element), floor: perSecond(floor) },
    longTasksFinishing: {
      element: element.some((take) => take.longTasksFinishing === null)
        ? null
        : summarize(element.map((take) => take.longTasksFinishing)),
      floor: floor.some((take) => take.longTasksFinishing === null)
        ? null
        : summarize(floor.map((take) => take.longTasksFinishing)),
    },
    bytesPerSecondShort: summarize(element.map((take) => take.size / (take.durationMs / 1000))),
    takes: takePairs,
  };
}

function outputFigures(fullTakes, maxBytes) {
  return {
    runs: fullTakes.length,
    maxBytes,
    bytesPerSecond: summarize(fullTakes.map((take) => take.size / (take.durationMs / 1000))),
    largestBytes: Math.max(...fullTakes.map((take) => take.size)),
    durationMs: summarize(fullTakes.map((take) => take.durationMs)),
    takes: fullTakes,
  };
}

/** Chromium and Firefox through puppeteer (CDP, WebDriver BiDi). */
async function openPuppeteer(launch) {
  const browser = await puppeteer.launch({ headless: true, protocolTimeout: 300_000, ...launch });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return {
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitForFunction: (fn, options) => page.waitForFunction(fn, options),
    version: () => browser.version(),
    cdp: () => page.createCDPSession(),
    pageErrors,
    close: () => browser.close(),
  };
}

/** Plain WebDriver over HTTP, for WebKit (WebKitGTK's MiniBrowser, as in the test suite): a few calls need no client. */
async function openWebkit(args) {
  const driver = await startWebkitDriver();
  const call = async (method, path, body) => {
    const response = await fetch(`http://127.0.0.1:${driver.port}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(answer.value).slice(0, 300)}`);
    return answer.value;
  };
  let session;
  try {
    const { 'wdio:enforceWebDriverClassic': _, ...capabilities } = webkitCapabilities(args);
    session = await call('POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    await call('POST', `/session/${session.sessionId}/timeouts`, { script: 300_000, pageLoad: 60_000 });
  } catch (error) {
    await driver.stop();
    throw error;
  }
  const base = `/session/${session.sessionId}`;
  // The bench's page functions take one serialisable argument and return a promise: run as source, as puppeteer does.
  const evaluate = async (fn, arg) => {
    const answer = await call('POST', `${base}/execute/async`, {
      script: `const [source, arg, done] = arguments;
        Promise.resolve().then(() => (0, eval)(source)(arg)).then(
          (value) => done({ value: value === undefined ? null : value }),
          (error) => done({ error: String((error && error.stack) || error) }));`,
      args: [fn.toString(), arg ?? null],
    });
    if (answer.error) throw new Error(answer.error);
    return answer.value;
  };
  return {
    goto: (url) => call('POST', `${base}/url`, { url }),
    evaluate,
    async waitForFunction(fn, { timeout }) {
      const until = Date.now() + timeout;
      while (!(await evaluate(fn))) {
        if (Date.now() > until) throw new Error(`waitForFunction: not true within ${timeout} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    version: async () => `${session.capabilities.browserName} ${session.capabilities.browserVersion}`,
    cdp: undefined,
    pageErrors: [],
    async close() {
      await call('DELETE', base).catch(() => {});
      await driver.stop();
    },
  };
}

/**
 * @param {object} options
 * @param {'chromium'|'firefox'|'webkit'} options.name
 * @param {import('puppeteer-core').LaunchOptions} [options.launch] Chromium and Firefox
 * @param {string[]} [options.webkitArgs] WebKit: MiniBrowser flags
 * @param {string} options.url the bench page
 * @param {{ codeRuns: number, takeRuns: number, recordMs: number, fullTakes: number, memoryTakes: number }} options.settings
 * @param {(line: string) => void} options.log
 */
export async function measureBrowser({ name, launch, webkitArgs, url, settings, log }) {
  const page = name === 'webkit' ? await openWebkit(webkitArgs) : await openPuppeteer(launch);
  try {
    const pageErrors = page.pageErrors;
    await page.goto(url);
    await page.waitForFunction(() => 'benchReady' in document.body.dataset, { timeout: 30_000 });
    const info = await page.evaluate(() => window.bench.info());
    const version = await page.version();
    log(`${name}: ${version}`);

    const result = { version, ...info, routes: {} };

    result.errors = [];
    /** One failed measure is reported and the others still run. */
    const section = async (label, measure) => {
      try {
        return await measure();
      } catch (error) {
        log(`${name} ${label} failed: ${error.message ?? error}`);
        result.errors.push(`${label}: ${error.message ?? error}`);
        return undefined;
      }
    };

    result.timeToCode = await section('time to code', async () => {
      const codePairs = await pairs(
        settings.codeRuns,
        () => page.evaluate(() => window.bench.elementTimeToCode()),
        () => page.evaluate(() => window.bench.floorFetch()),
        log,
        `${name} time to code`,
      );
      return {
        runs: codePairs.length,
        failures: codePairs.failures,
        element: summarize(codePairs.map((pair) => pair.element)),
        floor: summarize(codePairs.map((pair) => pair.floor)),
        ratio: ratios(codePairs, (ms) => ms),
      };
    });

    const shortTake = { recordMs: settings.recordMs, minDuration: 1, minSpeechMs: 0 };
    const routes = [
      ...(info.mediaRecorderMp4 ? [{ route: 'mediaRecorder', mimeType: '' }] : []),
      // WebKitGTK answers isConfigSupported for H.264 but its encoder fails the take (test/capture/record.test.ts).
      ...(info.webCodecs && name !== 'webkit' ? [{ route: 'webCodecs', mimeType: 'webcodecs' }] : []),
    ];
    for (const { route, mimeType } of routes) {
      const takes = await section(`${route} takes`, async () =>
        takeFigures(
          await pairs(
            settings.takeRuns,
            () => page.evaluate((options) => window.bench.elementTake(options), { ...shortTake, mimeType }),
            () => page.evaluate((recordMs) => window.bench.floorTake(recordMs), settings.recordMs),
            log,
            `${name} ${route} takes`,
          ),
        ),
      );
      const output = await section(`${route} full-length takes`, async () => {
        const fullTakes = [];
        const failures = [];
        for (let index = 0; index < settings.fullTakes; index += 1) {
          // Defaults throughout (max-duration 8 s, max-bytes 6 MB, min-duration 3 s): the take stops itself.
          const run = () => page.evaluate((options) => window.bench.elementTake(options), { mimeType, minDuration: 3 });
          fullTakes.push(await withRetries(run, 'element', failures, log, `${name} ${route} full-length`));
          log(`${name} ${route} full-length take ${index + 1}/${settings.fullTakes}`);
        }
        return { ...outputFigures(fullTakes, 6_000_000), failures };
      });
      result.routes[route] = { ...takes, output };
    }

    // The JS heap needs CDP (HeapProfiler.collectGarbage, Runtime.getHeapUsage): Chromium only.
    if (name === 'chromium') {
      result.memory = await section('memory', async () => {
        const { route, mimeType } = routes[0];
        const cdp = await page.cdp();
        const heap = async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          await cdp.send('HeapProfiler.collectGarbage');
          return (await cdp.send('Runtime.getHeapUsage')).usedSize;
        };
        const memoryTake = { recordMs: 750, minDuration: 0.5, minSpeechMs: 0, mimeType };
        await page.evaluate((options) => window.bench.memoryTake(options), memoryTake);
        const afterOne = await heap();
        for (let index = 2; index <= settings.memoryTakes; index += 1) {
          await page.evaluate((options) => window.bench.memoryTake(options), memoryTake);
          if (index % 10 === 0) log(`${name} memory take ${index}/${settings.memoryTakes}`);
        }
        const afterAll = await heap();
        await page.evaluate(() => window.bench.memoryRelease());
        return { route, takes: settings.memoryTakes, afterOne, afterAll, growth: afterAll - afterOne };
      });
    } else {
      result.memory = null;
    }
    if (pageErrors.length > 0) result.pageErrors = pageErrors;
    return result;
  } finally {
    await page.close();
  }
}
