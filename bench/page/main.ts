// The bench page: the element (production build, through its public API only) and the raw floor, side by side in
// one page. bench/run.mjs drives these functions one at a time, element and floor alternately.
import '../../src/define.js';
import { chooseBitrates, MP4_TYPES } from '../../src/capture/plan.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { floorFetch, floorTake } from './floor.js';
import { longTasksBetween, longTasksObservable } from './long-tasks.js';
import type { TakeResult } from './take-result.js';

/** The mock signing endpoint (demo/mock), served by the same server as this page. */
const ENDPOINT = '/mock/code?shape=cos';
/** Generous: a take must end long before this, or the run reports the failure instead of hanging. */
const EVENT_TIMEOUT_MS = 30_000;

type LivenessEventName = 'liveness-code' | 'liveness-start' | 'liveness-complete';

/** The next `type` event of `element`; rejects on `liveness-error` or after a timeout. Leaves no listener behind. */
function next<K extends LivenessEventName>(
  element: LivenessChallenge,
  type: K,
): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve, reject) => {
    const done = () => {
      element.removeEventListener(type, onEvent);
      element.removeEventListener('liveness-error', onError);
      clearTimeout(timer);
    };
    const onEvent = (event: GlobalEventHandlersEventMap[K]) => {
      done();
      resolve(event);
    };
    const onError = (event: GlobalEventHandlersEventMap['liveness-error']) => {
      done();
      reject(new Error(`liveness-error while waiting for ${type}: ${event.detail.reason}: ${event.detail.message}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`No ${type} within ${EVENT_TIMEOUT_MS} ms (state ${element.state}).`));
    }, EVENT_TIMEOUT_MS);
    element.addEventListener(type, onEvent);
    element.addEventListener('liveness-error', onError);
  });
}

function create(attributes: Record<string, string | undefined>): LivenessChallenge {
  const element = document.createElement('liveness-challenge');
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  return element;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Element connected → its code in the DOM (event fired and the render that shows it committed). */
async function elementTimeToCode(): Promise<number> {
  const element = create({ endpoint: ENDPOINT });
  const code = next(element, 'liveness-code');
  const t0 = performance.now();
  document.body.append(element);
  const event = await code;
  await element.updateComplete;
  const ms = performance.now() - t0;
  const shown = Array.from(element.shadowRoot?.querySelectorAll('[part~="digit"]') ?? [], (digit) =>
    digit.textContent?.trim(),
  ).join('');
  element.remove();
  if (shown !== event.detail.code) throw new Error(`Rendered "${shown}", but the code is ${event.detail.code}.`);
  return ms;
}

export interface ElementTakeOptions {
  /** The `mime-type` attribute: `webcodecs` forces the WebCodecs route; empty lets the element choose. */
  mimeType?: string;
  /** Milliseconds to record before stop(); omitted: record until max-duration stops the take by itself. */
  recordMs?: number;
  minDuration: number;
  /**
   * The `min-speech-ms` attribute. Short bench takes set 0: the fake microphone only beeps now and then, and a
   * 2 s take of it is refused as `no-speech`. The level meter still runs; only the end-of-take verdict is skipped.
   */
  minSpeechMs?: number;
  maxDuration?: number;
  maxBytes?: number;
}

/** The element's marks of the take just finished (src/take/steps.ts), as steps between stop() and `liveness-complete`. */
function finishSteps(tStop: number, tDone: number): TakeResult['finishSteps'] {
  const at = (step: string) => performance.getEntriesByName(`liveness-challenge:${step}`, 'mark').at(-1)?.startTime;
  const [stop, releasing, released, stopped, finished] = [
    'stop',
    'releasing',
    'released',
    'recorder-stopped',
    'finished',
  ].map(at);
  if ([stop, releasing, released, stopped, finished].some((time) => time === undefined) || stop! < tStop)
    return undefined;
  // The release overlaps the recorder's stop on the MediaRecorder route: the file starts once both are done.
  return {
    toStop: stop! - tStop,
    recorder: stopped! - stop!,
    release: released! - releasing!,
    file: finished! - Math.max(stopped!, released!),
    toEvent: tDone - finished!,
  };
}

/** Runs one take on `element` (already connected), from start() to liveness-complete. */
async function take(element: LivenessChallenge, options: ElementTakeOptions): Promise<TakeResult> {
  // A fresh element fetches its code on its first update; a reused one (state `done`) fetches the next in start().
  await element.updateComplete;
  if (element.state === 'loading') await next(element, 'liveness-code');
  const started = next(element, 'liveness-start');
  const completed = next(element, 'liveness-complete');
  completed.catch(() => {});
  const t0 = performance.now();
  element.start();
  const start = await started;
  const tStart = performance.now();
  let tStop: number;
  if (options.recordMs === undefined) {
    await completed;
    tStop = tStart + (options.maxDuration ?? 8) * 1000;
  } else {
    await sleep(options.recordMs);
    tStop = performance.now();
    element.stop();
    // An accepted stop leaves `recording` a few microtasks later; a refused one never does.
    await sleep(0);
    if (element.state === 'recording') throw new Error(`stop() was refused after ${Math.round(tStop - tStart)} ms.`);
  }
  const { detail } = await completed;
  const tDone = performance.now();
  return {
    startMs: tStart - t0,
    finishMs: tDone - tStop,
    finishSteps: finishSteps(tStop, tDone),
    recordedMs: tStop - tStart,
    longTasksRecording: await longTasksBetween(tStart, tStop),
    longTasksFinishing: await longTasksBetween(tStop, tDone),
    size: detail.size,
    mimeType: `${start.detail.mimeType} → ${detail.mimeType}`,
    durationMs: detail.durationMs,
    width: detail.width,
    height: detail.height,
  };
}

/** A fresh element (countdown 0) for one take, removed afterwards. */
async function elementTake(options: ElementTakeOptions): Promise<TakeResult> {
  const element = create({
    endpoint: ENDPOINT,
    countdown: '0',
    'min-duration': String(options.minDuration),
    'min-speech-ms': options.minSpeechMs === undefined ? undefined : String(options.minSpeechMs),
    'max-duration': options.maxDuration === undefined ? undefined : String(options.maxDuration),
    'max-bytes': options.maxBytes === undefined ? undefined : String(options.maxBytes),
    'mime-type': options.mimeType || undefined,
  });
  document.body.append(element);
  try {
    return await take(element, options);
  } finally {
    element.remove();
  }
}

/** The memory measure reuses one element for every take, as a person retaking would. */
let memoryElement: LivenessChallenge | undefined;

async function memoryTake(options: ElementTakeOptions): Promise<number> {
  if (!memoryElement) {
    memoryElement = create({
      endpoint: ENDPOINT,
      countdown: '0',
      'min-duration': String(options.minDuration),
      'min-speech-ms': options.minSpeechMs === undefined ? undefined : String(options.minSpeechMs),
      'mime-type': options.mimeType || undefined,
    });
    document.body.append(memoryElement);
  }
  return (await take(memoryElement, options)).size;
}

function memoryRelease(): void {
  memoryElement?.remove();
  memoryElement = undefined;
}

/** What the raw floor records with: the type the element prefers on its MediaRecorder route, else the default. */
function floorRecorderType(): string {
  if (typeof MediaRecorder === 'undefined') return '';
  return MP4_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

/** The floor's take, with the element's default bitrates (max-bytes 6 MB over max-duration 8 s). */
function floorDefaultTake(recordMs: number): Promise<TakeResult> {
  const bitrates = chooseBitrates(6_000_000, 8);
  return floorTake({
    mimeType: floorRecorderType(),
    videoBitsPerSecond: bitrates.video,
    audioBitsPerSecond: bitrates.audio,
    recordMs,
  });
}

/** Whether this browser can take the WebCodecs route at all: an H.264 encoder for the camera's size and Opus. */
async function canRecordWebCodecs(): Promise<boolean> {
  if (typeof VideoEncoder === 'undefined' || typeof AudioEncoder === 'undefined') return false;
  try {
    const video = await VideoEncoder.isConfigSupported({
      codec: 'avc1.42001f',
      width: 640,
      height: 480,
      bitrate: 1_000_000,
    });
    const audio = await AudioEncoder.isConfigSupported({
      codec: 'opus',
      sampleRate: 48_000,
      numberOfChannels: 1,
      bitrate: 64_000,
    });
    return video.supported === true && audio.supported === true;
  } catch {
    return false;
  }
}

async function info() {
  return {
    userAgent: navigator.userAgent,
    longTasksObservable,
    floorRecorderType: floorRecorderType(),
    mediaRecorderMp4: floorRecorderType().startsWith('video/mp4'),
    webCodecs: await canRecordWebCodecs(),
    /** The bitrates the element asks for at its defaults: what a real camera's take would be near. */
    defaultBitrates: chooseBitrates(6_000_000, 8),
  };
}

const bench = {
  elementTimeToCode,
  floorFetch: () => floorFetch(ENDPOINT),
  elementTake,
  floorTake: floorDefaultTake,
  memoryTake,
  memoryRelease,
  info,
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}

window.bench = bench;
document.body.dataset.benchReady = '';
