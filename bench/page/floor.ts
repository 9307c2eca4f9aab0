// The browser's own floor: the raw APIs the element is built on, called with the same arguments the element uses
// (same constraints, same recorder type and bitrates), and nothing else. Every ratio in the benchmarks divides the
// element's time by one of these, measured in the same page, alternately.
import { CAMERA_CONSTRAINTS } from '../../src/capture/camera.js';
import type { TakeResult } from './take-result.js';
import { longTasksBetween } from './long-tasks.js';

/** One `fetch` of the signing endpoint, body read: what any code-fetching widget must wait for. */
export async function floorFetch(endpoint: string): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(endpoint, { cache: 'no-store' });
  await response.text();
  return performance.now() - t0;
}

export interface FloorTakeOptions {
  mimeType: string;
  videoBitsPerSecond: number;
  audioBitsPerSecond: number;
  recordMs: number;
}

/**
 * getUserMedia, `new MediaRecorder(stream).start()` until its `start` event; records; then `stop()` until the Blob
 * exists. No preview, no remux, no read-back: the least any recorder can do.
 */
export async function floorTake(options: FloorTakeOptions): Promise<TakeResult> {
  const t0 = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
  const tStream = performance.now();
  const recorder = new MediaRecorder(stream, {
    ...(options.mimeType ? { mimeType: options.mimeType } : {}),
    videoBitsPerSecond: options.videoBitsPerSecond,
    audioBitsPerSecond: options.audioBitsPerSecond,
  });
  const chunks: Blob[] = [];
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  const started = new Promise((resolve) => recorder.addEventListener('start', resolve, { once: true }));
  recorder.start();
  await started;
  const tStart = performance.now();

  await new Promise((resolve) => setTimeout(resolve, options.recordMs));

  const stopped = new Promise<Blob>((resolve) =>
    recorder.addEventListener('stop', () => resolve(new Blob(chunks, { type: chunks[0]?.type || recorder.mimeType })), {
      once: true,
    }),
  );
  const tStop = performance.now();
  recorder.stop();
  const blob = await stopped;
  const tDone = performance.now();
  for (const track of stream.getTracks()) track.stop();

  return {
    startMs: tStart - t0,
    getUserMediaMs: tStream - t0,
    finishMs: tDone - tStop,
    recordedMs: tStop - tStart,
    longTasksRecording: await longTasksBetween(tStart, tStop),
    longTasksFinishing: await longTasksBetween(tStop, tDone),
    size: blob.size,
    mimeType: blob.type,
  };
}
