import {
  BlobSource,
  BufferSource,
  BufferTarget,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  MP4,
  Mp4OutputFormat,
  Output,
  type InputAudioTrack,
  type InputVideoTrack,
} from 'mediabunny';
import { LivenessError } from '../../errors.js';
import type { FinishedVideo } from '../finished-video.js';
import { compactMimeType } from '../plan.js';

/**
 * Rewrites Chromium's fragmented MP4 into a plain one (moov first, no re-encode). Chromium writes each track's
 * duration in milliseconds against the track's own clock, so servers reading track durations see 0.2 s for a
 * 4 s take; the packet copy rebuilds every duration from the samples themselves. About 25 ms for a 7 s take.
 * What the new file holds comes from the packets copied into it, so it is not parsed a second time.
 */
export async function remuxToPlainMp4(file: Blob | Uint8Array<ArrayBuffer>): Promise<FinishedVideo> {
  // Bytes already in memory (the box repair read them) are parsed in place, not read again through a Blob.
  const input = new Input({
    source: file instanceof Blob ? new BlobSource(file) : new BufferSource(file),
    formats: [MP4],
  });
  try {
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    if (!video || !audio) throw new LivenessError('recording-failed', 'The recording lacks a video or an audio track.');
    const videoCodec = await video.getCodec();
    const audioCodec = await audio.getCodec();
    if (!videoCodec || !audioCodec) throw new LivenessError('recording-failed', 'The recording has an unknown codec.');

    const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target: new BufferTarget() });
    const videoSource = new EncodedVideoPacketSource(videoCodec);
    const audioSource = new EncodedAudioPacketSource(audioCodec);
    output.addVideoTrack(videoSource, { rotation: await video.getRotation() });
    output.addAudioTrack(audioSource);
    await output.start();
    const ends = await Promise.all([copyPackets(video, videoSource), copyPackets(audio, audioSource)]);
    await output.finalize();
    const durationSeconds = Math.max(...ends);
    if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
      throw new LivenessError('recording-failed', 'The recording has no duration.');
    }
    const mimeType = compactMimeType(await output.getMimeType());
    return {
      blob: new Blob([output.target.buffer!], { type: mimeType }),
      mimeType,
      durationMs: Math.round(durationSeconds * 1000),
      width: video.displayWidth,
      height: video.displayHeight,
    };
  } finally {
    input.dispose();
  }
}

/**
 * Copies a track's packets as they are; the decoder config travels with the first one and becomes the avcC/dOps.
 * Resolves with the end of the last packet, in seconds: the track's duration in the new file.
 */
async function copyPackets(
  track: InputVideoTrack | InputAudioTrack,
  source: EncodedVideoPacketSource | EncodedAudioPacketSource,
): Promise<number> {
  const decoderConfig = (await track.getDecoderConfig()) ?? undefined;
  let first = true;
  let end = 0;
  for await (const packet of new EncodedPacketSink(track).packets()) {
    const meta = first && decoderConfig ? { decoderConfig } : undefined;
    // The two sources differ only in the decoder config's type, which matches the track's kind here.
    await (source as EncodedVideoPacketSource).add(packet, meta as { decoderConfig: VideoDecoderConfig } | undefined);
    first = false;
    end = Math.max(end, packet.timestamp + packet.duration);
  }
  source.close();
  return end;
}
