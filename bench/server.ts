// `npm run bench:server`: the server half under load, on loopback, against a fake Tencent that answers in 20 ms
// (bench/server-upstream.ts). Each handler runs in its own process (test/server/instance.ts), as in production,
// once with the stores in memory and once in Redis (a redis-server started here). A benchmark, not a test: it prints
// every figure beside its budget and never fails on a budget, only when a figure cannot be taken.
//
// - Code handler: CODE_REQUESTS requests at concurrency 64, each from its own session: throughput, p50/p99, errors,
//   RSS growth. Budget: p99 <= upstream latency + 5 ms.
// - Verification handler: UPLOADS uploads of a real ~1 MB take (H.264/AAC, made with ffmpeg) at concurrency 16, each
//   with a code minted for its session beforehand: throughput, p50/p99, errors, peak RSS above the baseline.
//   Budget: peak RSS above baseline <= 3 x concurrency x upload size.
//
//   BENCH_QUICK=1   a smoke run (1,000 code requests, 32 uploads), not written to BENCHMARKS.md
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startInstance } from '../test/server/instances.js';
import type { Instance } from '../test/server/instances.js';
import type { InstanceConfig } from '../test/server/instance.js';
import { REDIS_SERVER_PATH, startRedisServer } from '../test/server/redis-server.js';
import type { RedisServer } from '../test/server/redis-server.js';

const quick = Boolean(process.env.BENCH_QUICK);
const UPSTREAM_LATENCY_MS = 20;
const CODE_REQUESTS = quick ? 1000 : 10_000;
const CODE_CONCURRENCY = 64;
const UPLOADS = quick ? 32 : 200;
const UPLOAD_CONCURRENCY = 16;
const WARM_UP = 200;
const PAGE_ORIGIN = 'https://shop.example';
const out = fileURLToPath(new URL('./.out/', import.meta.url));
const documentFile = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const START = '<!-- bench:server:start -->';
const END = '<!-- bench:server:end -->';
const began = Date.now();
const loadAtStart = loadavg()[0]!;
const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
const MB = 1_000_000;

/** A real take: 4 s of 640x480 H.264 at ~1.9 Mbps with AAC sound, about 1 MB. Made once, kept in bench/.out/. */
function realTake(): Buffer {
  const file = `${out}take-1mb.mp4`;
  if (!existsSync(file)) {
    mkdirSync(out, { recursive: true });
    // Noise keeps the encoder from squeezing the test pattern far below the bitrate a camera would reach.
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x480:rate=30,noise=alls=12:allf=t',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-t',
      '4',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '1930k',
      '-maxrate',
      '1930k',
      '-bufsize',
      '965k',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-ac',
      '1',
      '-movflags',
      '+faststart',
      file,
    ]);
  }
  return readFileSync(file);
}

async function startUpstream(): Promise<{ url: string; requests(): Promise<number>; stop(): void }> {
  const child = fork(fileURLToPath(new URL('./server-upstream.ts', import.meta.url)), [String(UPSTREAM_LATENCY_MS)], {
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve) =>
    child.on('message', (message: { port?: number }) => message.port && resolve(message.port)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () =>
      new Promise((resolve) => {
        const listen = (message: { requests?: number }) => {
          if (message.requests === undefined) return;
          child.off('message', listen);
          resolve(message.requests);
        };
        child.on('message', listen);
        child.send('requests');
      }),
    stop: () => process.kill(child.pid!, 'SIGTERM'),
  };
}

interface Sent {
  status: number;
  body: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: CODE_CONCURRENCY });

function send(url: string, headers: Record<string, string | number>, body: Buffer[] = []): Promise<Sent> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers }, async (res) => {
      let text = '';
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started });
    });
    req.on('error', (error) => resolve({ status: 0, body: String(error), ms: performance.now() - started }));
    for (const part of body) req.write(part);
    req.end();
  });
}

/** Runs `count` requests, `concurrency` at a time; each is judged ok by its own check. */
async function load(
  count: number,
  concurrency: number,
  one: (index: number) => Promise<Sent>,
  ok: (sent: Sent) => boolean,
) {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const sent = await one(next++);
        latencies.push(sent.ms);
        if (!ok(sent)) {
          errors += 1;
          firstError ??= `${sent.status} ${sent.body.slice(0, 200)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
  return {
    requests: count,
    seconds,
    perSecond: count / seconds,
    p50: percentile(50),
    p99: percentile(99),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

const codeHeaders = (sid: string) => ({ Origin: PAGE_ORIGIN, Cookie: `sid=${sid}`, 'Content-Length': 0 });
const codeOk = (sent: Sent) => sent.status === 200 && /"LiveCode":"\d{4}"/.test(sent.body);

async function mint(instance: Instance, sid: string): Promise<string> {
  const sent = await send(`${instance.url}/code`, codeHeaders(sid));
  const code = /"LiveCode":"(\d{4})"/.exec(sent.body)?.[1];
  if (sent.status !== 200 || code === undefined) throw new Error(`no code: ${sent.status} ${sent.body.slice(0, 200)}`);
  return code;
}

function uploadParts(take: Buffer, code: string): { parts: Buffer[]; boundary: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="code"\r\n\r\n${code}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="take.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  return { parts: [head, take, Buffer.from(`\r\n--${boundary}--\r\n`)], boundary };
}

function upload(instance: Instance, take: Buffer, sid: string, code: string, key: string): Promise<Sent> {
  const { parts, boundary } = uploadParts(take, code);
  return send(
    `${instance.url}/verify`,
    {
      Origin: PAGE_ORIGIN,
      Cookie: `sid=${sid}`,
      'Idempotency-Key': key,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': parts.reduce((sum, part) => sum + part.length, 0),
    },
    parts,
  );
}
const uploadOk = (sent: Sent) => sent.status === 200 && sent.body.includes('"passed":true');

async function benchCodes(config: InstanceConfig, label: string, requests = CODE_REQUESTS) {
  const instance = await startInstance(config, { exposeGc: true });
  try {
    await load(
      WARM_UP,
      CODE_CONCURRENCY,
      (index) => send(`${instance.url}/code`, codeHeaders(`warm-${label}-${index}`)),
      codeOk,
    );
    const before = await instance.stats();
    const figures = await load(
      requests,
      CODE_CONCURRENCY,
      (index) => send(`${instance.url}/code`, codeHeaders(`code-${label}-${index}`)),
      codeOk,
    );
    const after = await instance.stats();
    return {
      ...figures,
      rssGrowthMB: (after.rss - before.rss) / MB,
      rssBeforeMB: before.rss / MB,
      rssAfterMB: after.rss / MB,
      heapGrowthMB: (after.heapUsed - before.heapUsed) / MB,
      cpuPerRequestMs: (after.cpuMs - before.cpuMs) / requests,
    };
  } finally {
    await instance.stop();
  }
}

async function benchUploads(config: InstanceConfig, label: string, take: Buffer, uploads = UPLOADS) {
  const instance = await startInstance(
    { ...config, maxConcurrentVerifications: UPLOAD_CONCURRENCY },
    { exposeGc: true },
  );
  try {
    // Warm-up: the first uploads load the MP4 reader and fill the JIT; the baseline is taken after them.
    for (let index = 0; index < 4; index += 1) {
      const sid = `warm-${label}-${index}`;
      const sent = await upload(instance, take, sid, await mint(instance, sid), `warm-${label}-${index}-key`);
      if (!uploadOk(sent)) throw new Error(`warm-up upload failed: ${sent.status} ${sent.body.slice(0, 200)}`);
    }
    const codes: string[] = [];
    for (let index = 0; index < uploads; index += 1) codes.push(await mint(instance, `take-${label}-${index}`));
    const baseline = await instance.stats();
    const figures = await load(
      uploads,
      UPLOAD_CONCURRENCY,
      (index) => upload(instance, take, `take-${label}-${index}`, codes[index]!, `take-${label}-${index}-key`),
      uploadOk,
    );
    const after = await instance.stats();
    return {
      ...figures,
      baselineMB: baseline.rss / MB,
      peakMB: after.maxRss / MB,
      peakAboveBaselineMB: (after.maxRss - baseline.rss) / MB,
      cpuPerRequestMs: (after.cpuMs - baseline.cpuMs) / uploads,
    };
  } finally {
    await instance.stop();
  }
}

const take = realTake();
log(`take: ${take.length} bytes (${(take.length / MB).toFixed(2)} MB)`);
const upstream = await startUpstream();
const redisMissing = existsSync(REDIS_SERVER_PATH)
  ? undefined
  : `${REDIS_SERVER_PATH} not found (apt-get install redis-server)`;
let redis: RedisServer | undefined;
let upstreamRequests = 0;
const results: Record<
  string,
  { codes?: Awaited<ReturnType<typeof benchCodes>>; uploads?: Awaited<ReturnType<typeof benchUploads>> }
> = {};
try {
  if (redisMissing === undefined) redis = await startRedisServer();
  else log(`Redis rows skipped: ${redisMissing}`);
  const stores: [string, InstanceConfig][] = [['memory', { upstream: upstream.url, store: 'memory' }]];
  if (redis) stores.push(['redis', { upstream: upstream.url, store: 'redis', redisUrl: redis.url }]);
  // Whatever is measured first ran slower in trial runs, whichever the store (a cold upstream process and load
  // generator): a throwaway round warms them before anything counts.
  log('warm-up round (not counted)');
  await benchCodes(stores[0]![1], 'warm-up', 2000);
  await benchUploads(stores[0]![1], 'warm-up', take, 32);
  // Scenario by scenario, both stores back to back: the machine's other load drifts less between the two columns.
  for (const [label, config] of stores) {
    log(`${label}: code handler, ${CODE_REQUESTS} requests at concurrency ${CODE_CONCURRENCY}`);
    results[label] = { codes: await benchCodes(config, label) };
  }
  for (const [label, config] of stores) {
    log(`${label}: verification handler, ${UPLOADS} uploads at concurrency ${UPLOAD_CONCURRENCY}`);
    results[label]!.uploads = await benchUploads(config, label, take);
  }
} finally {
  upstreamRequests = await upstream.requests();
  upstream.stop();
  await redis?.stop();
  agent.destroy();
}

const codeBudgetMs = UPSTREAM_LATENCY_MS + 5;
const memoryBudgetMB = (3 * UPLOAD_CONCURRENCY * take.length) / MB;
const verdict = (ok: boolean) => (ok ? 'within budget' : '**OVER BUDGET**');
const labels = Object.keys(results);
const cell = (value: number, digits = 1) => value.toFixed(digits);
const row = (name: string, values: string[], budget = '') => `| ${name} | ${values.join(' | ')} | ${budget} |`;
const head = `| | ${labels.map((label) => `${label} stores`).join(' | ')} | budget |\n| --- | ${labels.map(() => '---:').join(' | ')} | --- |`;
const code = (label: string) => results[label]!.codes!;
const up = (label: string) => results[label]!.uploads!;
const cpu = cpus();
const table = [
  `Run of ${new Date().toISOString()}: ${cpu.length} cores (${cpu[0]?.model.trim()}), Node ${process.version}, Redis ${
    redis ? execFileSync(REDIS_SERVER_PATH, ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1] : 'not run'
  }; loopback; fake upstream latency ${UPSTREAM_LATENCY_MS} ms. Load average (1 min) ${cell(loadAtStart, 2)} at start, ${cell(loadavg()[0]!, 2)} at end.`,
  '',
  `**Code handler**: ${CODE_REQUESTS.toLocaleString('en')} requests at concurrency ${CODE_CONCURRENCY}, one session each.`,
  '',
  head,
  row(
    'throughput (requests/s)',
    labels.map((l) => cell(code(l).perSecond, 0)),
  ),
  row(
    'p50 latency (ms)',
    labels.map((l) => cell(code(l).p50)),
  ),
  row(
    'p99 latency (ms)',
    labels.map((l) => cell(code(l).p99)),
    `≤ ${codeBudgetMs} ms: ${labels.map((l) => verdict(code(l).p99 <= codeBudgetMs)).join(' / ')}`,
  ),
  row(
    'errors',
    labels.map((l) => String(code(l).errors)),
    `0: ${labels.map((l) => verdict(code(l).errors === 0)).join(' / ')}`,
  ),
  row(
    'handler CPU per request (ms)',
    labels.map((l) => cell(code(l).cpuPerRequestMs, 2)),
  ),
  row(
    'RSS growth after GC (MB)',
    labels.map((l) => `${cell(code(l).rssGrowthMB)} (${cell(code(l).rssBeforeMB)} → ${cell(code(l).rssAfterMB)})`),
  ),
  row(
    'heap growth after GC (MB)',
    labels.map((l) => cell(code(l).heapGrowthMB)),
  ),
  '',
  `**Verification handler**: ${UPLOADS} uploads of a real ${cell(take.length / MB, 2)} MB take at concurrency ${UPLOAD_CONCURRENCY}` +
    ` (maxConcurrentVerifications ${UPLOAD_CONCURRENCY}).`,
  '',
  head,
  row(
    'throughput (uploads/s)',
    labels.map((l) => cell(up(l).perSecond)),
  ),
  row(
    'p50 latency (ms)',
    labels.map((l) => cell(up(l).p50)),
  ),
  row(
    'p99 latency (ms)',
    labels.map((l) => cell(up(l).p99)),
  ),
  row(
    'errors',
    labels.map((l) => String(up(l).errors)),
    `0: ${labels.map((l) => verdict(up(l).errors === 0)).join(' / ')}`,
  ),
  row(
    'handler CPU per upload (ms)',
    labels.map((l) => cell(up(l).cpuPerRequestMs, 1)),
  ),
  row(
    'baseline RSS (MB)',
    labels.map((l) => cell(up(l).baselineMB)),
  ),
  row(
    'peak RSS (MB)',
    labels.map((l) => cell(up(l).peakMB)),
  ),
  row(
    'peak RSS above baseline (MB)',
    labels.map((l) => cell(up(l).peakAboveBaselineMB)),
    `≤ 3 × ${UPLOAD_CONCURRENCY} × ${cell(take.length / MB, 2)} MB = ${cell(memoryBudgetMB)} MB: ${labels.map((l) => verdict(up(l).peakAboveBaselineMB <= memoryBudgetMB)).join(' / ')}`,
  ),
].join('\n');

console.log(`\n${table}\n`);
for (const label of labels) {
  for (const figures of [code(label), up(label)])
    if (figures.firstError) console.error(`${label}: first error: ${figures.firstError}`);
}
mkdirSync(out, { recursive: true });
writeFileSync(
  `${out}server-results${quick ? '-quick' : ''}.json`,
  `${JSON.stringify({ quick, results, take: take.length }, null, 2)}\n`,
);
if (!quick) {
  const document = readFileSync(documentFile, 'utf8');
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start >= 0 && end > start) {
    writeFileSync(documentFile, `${document.slice(0, start + START.length)}\n\n${table}\n\n${document.slice(end)}`);
    log('BENCHMARKS.md updated');
  }
}
const totalErrors = labels.reduce((sum, label) => sum + code(label).errors + up(label).errors, 0);
log(`done: ${totalErrors} errors; the upstream answered ${upstreamRequests} requests`);
if (totalErrors > 0) process.exitCode = 1;
