import { MP4 } from 'mediabunny';
import type { FinishedTake } from '../finished-take.js';
import { dropRepeatedTopLevelBoxes } from '../mp4-boxes.js';
import { inspectRecording } from './inspect.js';
import { remuxToPlainMp4 } from './remux.js';

/**
 * MediaRecorder's MP4 is repaired (WebKit repeats a box, see mp4-boxes.ts), then remuxed (see remux.ts);
 * mediabunny's own WebCodecs output is already plain.
 */
export async function finishMp4(blob: Blob, fromMediaRecorder: boolean): Promise<FinishedTake> {
  if (!fromMediaRecorder) return inspectRecording(blob, [MP4]);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const repaired = dropRepeatedTopLevelBoxes(bytes);
  return inspectRecording(await remuxToPlainMp4(repaired === bytes ? blob : new Blob([repaired], { type: blob.type })), [MP4]);
}
