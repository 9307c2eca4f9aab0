import { MP4 } from 'mediabunny';
import type { FinishedVideo } from '../finished-video.js';
import { dropRepeatedTopLevelBoxes } from '../mp4-boxes.js';
import { inspectRecording } from './inspect.js';
import { remuxToPlainMp4 } from './remux.js';

/**
 * MediaRecorder's MP4 is repaired (WebKit repeats a box, see mp4-boxes.ts), then remuxed (see remux.ts), which
 * reads it and reports what it wrote; mediabunny's own WebCodecs output is already plain, and is read back only
 * when its recorder could not say what it wrote.
 */
export async function finishMp4(blob: Blob, fromMediaRecorder: boolean): Promise<FinishedVideo> {
  if (!fromMediaRecorder) return inspectRecording(blob, [MP4]);
  return remuxToPlainMp4(dropRepeatedTopLevelBoxes(new Uint8Array(await blob.arrayBuffer())));
}
