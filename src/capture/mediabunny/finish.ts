import { MP4 } from 'mediabunny';
import type { FinishedTake } from '../finished-take.js';
import { inspectRecording } from './inspect.js';
import { remuxToPlainMp4 } from './remux.js';

/** MediaRecorder's MP4 is remuxed (see remux.ts); mediabunny's own WebCodecs output is already plain. */
export async function finishMp4(blob: Blob, fromMediaRecorder: boolean): Promise<FinishedTake> {
  return inspectRecording(fromMediaRecorder ? await remuxToPlainMp4(blob) : blob, [MP4]);
}
