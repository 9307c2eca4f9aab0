import { BlobSource, Input, type InputFormat } from 'mediabunny';
import { LivenessError } from '../../errors.js';
import type { FinishedVideo } from '../finished-video.js';
import { compactMimeType } from '../plan.js';

/**
 * Reads the finished file back: the event reports what the file says, not what the recorder promised, and a file
 * without both tracks is never emitted. Callers pass only the formats they need, so the other demuxers stay
 * out of their chunk.
 */
export async function inspectRecording(blob: Blob, formats: InputFormat[]): Promise<FinishedVideo> {
  const input = new Input({ source: new BlobSource(blob), formats });
  try {
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    if (!video || !audio) throw new LivenessError('recording-failed', 'The recording lacks a video or an audio track.');
    const durationSeconds = await input.computeDuration();
    if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
      throw new LivenessError('recording-failed', 'The recording has no duration.');
    }
    const mimeType = compactMimeType(await input.getMimeType());
    return {
      blob: new Blob([blob], { type: mimeType }),
      mimeType,
      durationMs: Math.round(durationSeconds * 1000),
      width: video.displayWidth,
      height: video.displayHeight,
    };
  } finally {
    input.dispose();
  }
}
