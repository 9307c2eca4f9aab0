// The budgets of BENCHMARKS.md, checked against one run, and the table printed at the end of `npm run bench`
// (Markdown, so the same text goes into BENCHMARKS.md). 1 KB = 1000 bytes, 1 MB = 1,000,000 bytes throughout.

const KB = 1000;
const MB = 1_000_000;

export const BUDGETS = {
  cdnInitialGzip: 14 * KB,
  startRatio: 1.15,
  /**
   * Finish (`stop()` → `liveness-complete`): the element's median at most this many ms over the floor's median
   * (`MediaRecorder.stop()` → Blob), per browser and route. WebKit is reported without one.
   */
  finishOverFloorMs: { 'chromium/mediaRecorder': 20, 'chromium/webCodecs': 20, 'firefox/webCodecs': 100 },
  longTasksPerSecondMediaRecorder: 0,
  heapGrowth50Takes: 1 * MB,
};

const BROWSER_NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };
const ROUTE_NAMES = { mediaRecorder: 'MediaRecorder', webCodecs: 'WebCodecs' };

function* routesOf(results) {
  for (const [browser, figures] of Object.entries(results.browsers)) {
    for (const [route, routeFigures] of Object.entries(figures.routes ?? {})) {
      yield { browser, route, figures: routeFigures, label: `${BROWSER_NAMES[browser]} · ${ROUTE_NAMES[route]}` };
    }
  }
}

/** Every budget of the issue, as `{ name, where, figure, budget, pass }`; a figure not measured is `pass: null`. */
export function evaluateBudgets(results) {
  const budgets = [];
  const add = (name, where, figure, budget, pass) =>
    budgets.push({ name, where, figure, budget, pass: figure === undefined || figure === null ? null : pass });

  const cdn = results.sizes.cdnInitial.gzip;
  add('CDN bundle, gzip, without the lazy chunks', 'all', cdn, BUDGETS.cdnInitialGzip, cdn <= BUDGETS.cdnInitialGzip);
  const app = results.sizes.app?.initial.gzip;
  add(
    'Vite app importing liveness-challenge/define, gzip, first download',
    'all',
    app,
    BUDGETS.cdnInitialGzip,
    app <= BUDGETS.cdnInitialGzip,
  );
  for (const { browser, route, figures, label } of routesOf(results)) {
    const start = figures.startRatio?.median;
    add('start overhead (ratio to the floor)', label, start, BUDGETS.startRatio, start <= BUDGETS.startRatio);
    const finishBudget = BUDGETS.finishOverFloorMs[`${browser}/${route}`];
    if (finishBudget !== undefined) {
      const over = figures.finishMs ? figures.finishMs.element.median - figures.finishMs.floor.median : undefined;
      add('finish overhead (ms over the floor, medians)', label, over, finishBudget, over <= finishBudget);
    }
    if (route === 'mediaRecorder' && browser !== 'webkit') {
      const longTasks = figures.longTasksPerSecond?.element;
      add(
        'long tasks per second while recording',
        label,
        longTasks,
        BUDGETS.longTasksPerSecondMediaRecorder,
        longTasks <= BUDGETS.longTasksPerSecondMediaRecorder,
      );
    }
    const largest = figures.output?.largestBytes;
    add(
      'largest full-length take (bytes)',
      label,
      largest,
      figures.output?.maxBytes,
      largest <= figures.output?.maxBytes,
    );
  }
  for (const [browser, figures] of Object.entries(results.browsers)) {
    if (!figures.memory) continue;
    const growth = figures.memory.growth;
    add(
      `JS heap growth over ${figures.memory.takes} takes (bytes)`,
      `${BROWSER_NAMES[browser]} · ${ROUTE_NAMES[figures.memory.route]}`,
      growth,
      BUDGETS.heapGrowth50Takes,
      growth <= BUDGETS.heapGrowth50Takes,
    );
  }
  return budgets;
}

const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
const ms = (value) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const times = (summary) => (summary ? `${ms(summary.median)} ms (${ms(summary.min)}–${ms(summary.max)})` : 'n/a');
const ratio = (summary) =>
  summary
    ? `**${summary.median.toFixed(2)}x** (IQR ${summary.q1.toFixed(2)}–${summary.q3.toFixed(2)}; ${summary.min.toFixed(2)}–${summary.max.toFixed(2)})`
    : 'n/a';
const verdict = (pass) => (pass === null ? 'not measured' : pass ? 'pass' : '**OVER BUDGET**');

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

function sizeTable(results) {
  const { sizes } = results;
  const cdnBudget = results.budgets.find((budget) => budget.name.startsWith('CDN bundle'));
  const appBudget = results.budgets.find((budget) => budget.name.startsWith('Vite app'));
  const lines = [
    row(['Size (minified, CDN build settings)', 'gzip -9', 'brotli 11', 'raw', 'budget', 'verdict']),
    row(['---', '---:', '---:', '---:', '---', '---']),
  ];
  const add = (label, size, budget = '', result = '') =>
    size && lines.push(row([label, kb(size.gzip), kb(size.brotli), kb(size.raw), budget, result]));
  add(
    'CDN bundle, initial download (`dist/cdn/liveness-challenge.js`)',
    sizes.cdnInitial,
    '≤ 14 KB gzip',
    verdict(cdnBudget.pass),
  );
  if (sizes.app) {
    add(
      'Vite app of `import "liveness-challenge/define"`, initial download',
      sizes.app.initial,
      '≤ 14 KB gzip',
      verdict(appBudget?.pass ?? null),
    );
    add(
      '… CDN, showing a code: initial + code request chunk (ky, parsers; asked for when the element is created)',
      sizes.cdn.codeScreen,
    );
    add('… Vite app, showing a code: initial + code request chunk', sizes.app.codeScreen);
    add('lazy: code request (ky, answer parsers)', sizes.cdn.codeRequest);
    add(
      'lazy, preloaded once a code shows: the take (camera, level meter, recorder, review, upload, full view)',
      sizes.cdn.take,
    );
    add('lazy, preloaded once a code shows: English texts', sizes.cdn.languageEn);
    add('lazy, preloaded once a code shows: Chinese texts', sizes.cdn.languageZhCN);
    add('lazy, on an upstream failure: the upstream error sentences (both languages)', sizes.cdn.upstreamSentences);
  }
  add('floor: lit + ky alone (what the element imports of them)', sizes.floorLitKy);
  add('… of which lit', sizes.breakdown.lit);
  add('… of which ky', sizes.breakdown.ky);
  add("element's own code (lit, ky, mediabunny external)", sizes.elementOwn);
  add('… of which the upstream error sentences (`src/strings/upstream.ts`)', sizes.breakdown.upstreamTables);
  add('… of which all strings (`src/strings/*`)', sizes.breakdown.allStrings);
  add('lazy MP4 chunks, MediaRecorder route (remux + read-back), beyond the take', sizes.cdnMp4Chunk);
  add('lazy chunks, WebCodecs route (recorder + read-back), beyond the take', sizes.cdnWebCodecsChunks);
  add('lazy chunks, WebM route, beyond the take', sizes.cdnWebmChunk);
  return lines.join('\n');
}

function timingTable(results) {
  const lines = [
    row([
      'Figure',
      'browser · route',
      'element: median (min–max)',
      'floor: median (min–max)',
      'element / floor, per pair',
      'budget',
      'verdict',
    ]),
    row(['---', '---', '---', '---', '---', '---', '---']),
  ];
  const budgetFor = (name, where) =>
    results.budgets.find((budget) => budget.name.startsWith(name) && budget.where === where);

  for (const [browser, figures] of Object.entries(results.browsers)) {
    if (figures.error) {
      lines.push(
        row(['(all)', BROWSER_NAMES[browser], `could not run: ${figures.error.split('\n')[0]}`, '', '', '', '']),
      );
      continue;
    }
    const code = figures.timeToCode;
    lines.push(
      row([
        `Time to code, n=${code?.runs ?? 0}`,
        BROWSER_NAMES[browser],
        times(code?.element),
        times(code?.floor),
        ratio(code?.ratio),
        '—',
        '',
      ]),
    );
  }
  for (const { figures, label } of routesOf(results)) {
    const start = budgetFor('start overhead', label);
    lines.push(
      row([
        `Start overhead, n=${figures.runs} (floor's getUserMedia alone: ${times(figures.floorGetUserMediaMs)})`,
        label,
        times(figures.startMs?.element),
        times(figures.startMs?.floor),
        ratio(figures.startRatio),
        '≤ 1.15x',
        verdict(start?.pass ?? null),
      ]),
    );
  }
  for (const { browser, route, figures, label } of routesOf(results)) {
    const finish = budgetFor('finish overhead', label);
    const budget = BUDGETS.finishOverFloorMs[`${browser}/${route}`];
    const over = figures.finishMs ? figures.finishMs.element.median - figures.finishMs.floor.median : undefined;
    lines.push(
      row([
        `Finish overhead, n=${figures.runs}${over === undefined ? '' : ` (element − floor, medians: ${over >= 0 ? '+' : ''}${ms(over)} ms)`}`,
        label,
        times(figures.finishMs?.element),
        times(figures.finishMs?.floor),
        ratio(figures.finishRatio),
        budget === undefined ? 'reported' : `≤ floor + ${budget} ms`,
        budget === undefined ? '' : verdict(finish?.pass ?? null),
      ]),
    );
    const steps = figures.finishSteps;
    if (steps) {
      const step = (summary) => `${ms(summary.median)} ms`;
      lines.push(
        row([
          "… where the element's finish goes (medians)",
          label,
          `to the recorder's stop ${step(steps.toStop)}; recorder stop ${step(steps.recorder)}; camera release ${step(steps.release)}; file ${step(steps.file)}; to the event ${step(steps.toEvent)}`,
          '',
          '',
          '',
          '',
        ]),
      );
    }
  }
  for (const { figures, label } of routesOf(results)) {
    const longTasks = budgetFor('long tasks', label);
    const perSecond = (value) =>
      value === null || value === undefined ? 'n/a (no Long Tasks API)' : `${value.toFixed(2)} /s`;
    const finishing = figures.longTasksFinishing?.element;
    lines.push(
      row([
        `Long tasks per second recording${finishing ? ` (while finishing: max ${finishing.max} per take)` : ''}`,
        label,
        perSecond(figures.longTasksPerSecond?.element),
        perSecond(figures.longTasksPerSecond?.floor),
        '',
        longTasks ? '0' : 'none set',
        longTasks ? verdict(longTasks.pass) : '',
      ]),
    );
  }
  for (const [browser, figures] of Object.entries(results.browsers)) {
    if (figures.error) continue;
    const memory = figures.memory;
    const budget = results.budgets.find(
      (item) => item.name.startsWith('JS heap') && item.where.startsWith(BROWSER_NAMES[browser]),
    );
    lines.push(
      row([
        memory ? `Heap growth, ${memory.takes} takes` : 'Heap growth (needs CDP)',
        memory ? `${BROWSER_NAMES[browser]} · ${ROUTE_NAMES[memory.route]}` : BROWSER_NAMES[browser],
        memory
          ? `${memory.growth >= 0 ? '+' : ''}${kb(memory.growth)} (${kb(memory.afterOne)} → ${kb(memory.afterAll)})`
          : 'n/a',
        '',
        '',
        '≤ 1 MB',
        memory ? verdict(budget?.pass ?? null) : '',
      ]),
    );
  }
  for (const { browser, figures, label } of routesOf(results)) {
    const output = figures.output;
    if (!output) continue;
    const bitrates = results.browsers[browser].defaultBitrates;
    const target = bitrates ? bitrates.video + bitrates.audio : undefined;
    const budget = budgetFor('largest full-length take', label);
    lines.push(
      row([
        `Output, full-length takes, n=${output.runs}`,
        label,
        `${kb(output.bytesPerSecond.median)}/s; largest ${kb(output.largestBytes)} (${((output.largestBytes / output.maxBytes) * 100).toFixed(1)}% of max-bytes)`,
        target ? `target bitrates: ${kb(target / 8)}/s, ${kb((target / 8) * 8)} per 8 s take` : '',
        '',
        `≤ ${kb(output.maxBytes)}`,
        verdict(budget?.pass ?? null),
      ]),
    );
  }
  return lines.join('\n');
}

const LEGEND = [
  '- Time to code: element connected → its digits rendered; floor: one `fetch` of the same endpoint, body read.',
  '- Start overhead: `start()` (countdown 0) → `liveness-start`; floor: getUserMedia + `new MediaRecorder().start()` → its `start` event.',
  '- Finish overhead: `stop()` → `liveness-complete`; floor: `MediaRecorder.stop()` → Blob. Takes of 2 s, element and floor alternately.',
  "  Its steps come from the element's User Timing marks: to the recorder's stop (state change, level summary); the recorder's",
  '  stop (MediaRecorder: its Blob; WebCodecs: encoder flush and mux); the camera and microphone released (on the',
  '  MediaRecorder route while the recorder stops, so the steps then sum to more than the total); the file',
  '  (MediaRecorder: box repair and remux, which reads the file once; WebCodecs: nothing, the muxer reports what it',
  '  wrote); to the event (speech and size checks, dispatch).',
  '- Ratios are per pair (element and floor back to back), median with IQR and min–max. Long tasks: PerformanceObserver `longtask`.',
  "- WebCodecs route: `liveness-start` fires once mediabunny's `output.start()` resolves, which waits for neither the encoder nor a",
  '  first frame, while the floor stays MediaRecorder (WebM in Firefox): there the ratio compares different milestones.',
  '- Short takes set `min-speech-ms="0"`: the fake microphone only beeps, and a 2 s take of it is refused as `no-speech`.',
  '- Heap: CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage, after take 1 and after take N of one reused element.',
  '- Output: defaults (max-duration 8 s, max-bytes 6 MB), the take stopped by max-duration; bytes per second of the file.',
].join('\n');

export function renderTable(results) {
  const over = results.budgets.filter((budget) => budget.pass === false);
  const unmeasured = results.budgets.filter((budget) => budget.pass === null);
  const browsers = Object.entries(results.browsers)
    .map(([name, figures]) => `${BROWSER_NAMES[name]} ${figures.version ?? '(failed)'}`)
    .join(', ');
  const failures = [];
  for (const [browser, figures] of Object.entries(results.browsers)) {
    const lists = [
      ['time to code', figures.timeToCode?.failures],
      ...Object.entries(figures.routes ?? {}).flatMap(([route, routeFigures]) => [
        [`${ROUTE_NAMES[route]} takes`, routeFigures.failures],
        [`${ROUTE_NAMES[route]} full-length takes`, routeFigures.output?.failures],
      ]),
    ];
    for (const [what, list] of lists) {
      for (const failure of list ?? [])
        failures.push(`- ${BROWSER_NAMES[browser]} ${what}, ${failure.side}: ${failure.message}`);
    }
    for (const error of figures.errors ?? []) failures.push(`- ${BROWSER_NAMES[browser]}: not measured: ${error}`);
  }
  const load = results.machine.loadAverage;
  return [
    `Run of ${results.date}${results.quick ? ' — QUICK RUN, not for quoting' : ''}: ${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node};`,
    `${browsers}; headless, fake camera and microphone. Load average (1 min) ${load.atStart[0].toFixed(2)} at start,`,
    `${load.atEnd[0].toFixed(2)} at end (above ${results.machine.cpus}: other work shared the cores).`,
    '',
    sizeTable(results),
    '',
    timingTable(results),
    '',
    LEGEND,
    '',
    failures.length
      ? `Failed runs (retried; the figures above are from the runs that succeeded):\n${failures.join('\n')}\n`
      : 'Failed runs: none.\n',
    `Budgets: ${results.budgets.length - over.length - unmeasured.length} pass, ${over.length} over${unmeasured.length ? `, ${unmeasured.length} not measured` : ''}.`,
    '',
    ...over.map(
      (budget) =>
        `- OVER: ${budget.name} — ${budget.where}: ${typeof budget.figure === 'number' && budget.figure < 100 ? budget.figure.toFixed(2) : budget.figure} > ${budget.budget}`,
    ),
  ].join('\n');
}
