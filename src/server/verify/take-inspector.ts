// Runs readTakeFacts in a worker thread with a deadline and a heap limit, so that a demuxer bug the box guard
// (mp4-guard.ts) does not foresee costs one request, never the process: a loop is cut at the deadline, an
// allocation at the heap limit, and either answer is a refusal. Workers are kept warm between takes (starting one
// and loading mediabunny costs about 0.1 s) and replaced after any failure.
//
// Where node:worker_threads is missing (edge runtimes) or a worker cannot start, the facts are read in-process,
// behind the box guard alone.
import type { Worker } from 'node:worker_threads';
import { readTakeFacts } from './take-facts.js';
import type { TakeFacts } from './take-facts.js';
import type { InspectionJob } from './take-facts-worker.js';

/** From the take's hand-over to a ready worker; a take from a person is read in milliseconds. */
export const INSPECTION_DEADLINE_MS = 1500;
/** Enough for mediabunny and a take's tables; the take itself lives outside the heap. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 } as const;
const KEPT_IDLE = 2;

export type Inspection =
  { ok: true; facts: TakeFacts; bytes: Uint8Array } | { ok: false; failure: 'deadline' | 'crashed' };

type Threads = typeof import('node:worker_threads');

// Evaluated rather than loaded from a file, so that running from the TypeScript sources (the tests, with tsx) can
// register tsx in the worker first; the published package loads the compiled .js entry directly.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})();
`;

let threads: Promise<Threads | undefined> | undefined;
const idle: Worker[] = [];
const parked = new WeakMap<Worker, () => void>();

function loadThreads(): Promise<Threads | undefined> {
  threads ??= import('node:worker_threads').catch(() => undefined);
  return threads;
}

async function spawn({ Worker }: Threads): Promise<Worker> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './take-facts-worker.ts' : './take-facts-worker.js', import.meta.url).href;
  const workerData = { entry, tsx: fromSource ? import.meta.resolve('tsx/esm/api') : undefined };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData, resourceLimits: RESOURCE_LIMITS });
  await new Promise<void>((resolve, reject) => {
    const ready = () => {
      worker.off('error', reject).off('exit', exited);
      resolve();
    };
    const exited = () => reject(new Error('The take inspector did not start'));
    worker.once('message', ready).once('error', reject).once('exit', exited);
  });
  return worker;
}

/** Ends a worker; an error it raises while ending (its heap limit, reached as it was told to stop) goes nowhere. */
function retire(worker: Worker): void {
  worker.on('error', () => {});
  void worker.terminate();
}

/** Kept for the next take; one that dies while idle (it should not) is dropped, and its error goes nowhere. */
function park(worker: Worker): void {
  idle.push(worker);
  // An idle worker must not keep the integrator's process alive; a busy one must, until its answer.
  worker.unref();
  const ignore = () => {};
  const drop = () => idle.splice(idle.indexOf(worker) >>> 0, 1);
  worker.on('error', ignore).once('exit', drop);
  parked.set(worker, () => worker.off('error', ignore).off('exit', drop));
}

/** The idle worker to use next, without its idle listeners. */
function unpark(): Worker | undefined {
  const worker = idle.pop();
  if (worker !== undefined) {
    parked.get(worker)?.();
    worker.ref();
  }
  return worker;
}

/**
 * Reads the take's facts in a worker. Takes ownership of `bytes.buffer` (it is transferred, not copied); on
 * success the bytes come back in the answer.
 */
export async function inspectTake(bytes: Uint8Array): Promise<Inspection> {
  const api = await loadThreads();
  // A runtime whose worker_threads cannot start an eval worker (or a moment without resources) reads in-process,
  // behind the box guard alone, rather than refusing every take.
  const worker = api === undefined ? undefined : (unpark() ?? (await spawn(api).catch(() => undefined)));
  if (worker === undefined) return { ok: true, facts: await readTakeFacts(bytes), bytes };
  return new Promise((resolve) => {
    const finish = (inspection: Inspection, reusable: boolean) => {
      clearTimeout(timer);
      worker.off('message', answered).off('error', crashed).off('exit', crashed);
      if (reusable && idle.length < KEPT_IDLE) park(worker);
      else retire(worker);
      resolve(inspection);
    };
    const timer = setTimeout(() => finish({ ok: false, failure: 'deadline' }, false), INSPECTION_DEADLINE_MS);
    const answered = (answer: { facts: TakeFacts; bytes: Uint8Array }) => finish({ ok: true, ...answer }, true);
    // ERR_WORKER_OUT_OF_MEMORY at the heap limit, or any exit.
    const crashed = () => finish({ ok: false, failure: 'crashed' }, false);
    worker.on('message', answered).on('error', crashed).on('exit', crashed);
    const job: InspectionJob = { bytes };
    worker.postMessage(job, [bytes.buffer as ArrayBuffer]);
  });
}
