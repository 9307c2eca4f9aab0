import { MP4 } from 'mediabunny';
import type { FinishedTake } from '../finished-take.js';
import { inspectRecording } from './inspect.js';
import { remuxToPlainMp4 } from './remux.js';

/**
 * MediaRecorder's MP4 is remuxed (see remux.ts), which reads it; mediabunny's own WebCodecs output is already plain,
 * and is read back only when its recorder could not say what it wrote.
 */
export async function finishMp4(blob: Blob, fromMediaRecorder: boolean): Promise<FinishedTake> {
  return fromMediaRecorder ? remuxToPlainMp4(blob) : inspectRecording(blob, [MP4]);
}
