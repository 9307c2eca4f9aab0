import { WEBM } from 'mediabunny';
import type { FinishedTake } from '../finished-take.js';
import { inspectRecording } from './inspect.js';

/** The last-resort WebM route: nothing to fix, but the event still reports what the file says. */
export function finishWebm(blob: Blob): Promise<FinishedTake> {
  return inspectRecording(blob, [WEBM]);
}
