import { WEBM } from 'mediabunny';
import type { FinishedVideo } from '../finished-video.js';
import { inspectRecording } from './inspect.js';

/** The last-resort WebM route: nothing to fix, but the event still reports what the file says. */
export function finishWebm(blob: Blob): Promise<FinishedVideo> {
  return inspectRecording(blob, [WEBM]);
}
