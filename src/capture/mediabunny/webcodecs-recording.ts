import {
  BufferTarget,
  MediaStreamAudioTrackSource,
  MediaStreamVideoTrackSource,
  Mp4OutputFormat,
  Output,
} from 'mediabunny';
import { LivenessError } from '../../errors.js';
import { H264_CODEC } from '../detect-plan.js';
import { compactMimeType } from '../plan.js';
import type { Recording, RecordingOptions } from '../recording.js';

/**
 * `output.start()` never settles in Firefox when a CSP blocks `blob:` workers or the AudioContext cannot resume;
 * a take must fail with a reason instead of hanging.
 */
const START_TIMEOUT_MS = 5000;

/**
 * Records MP4 with WebCodecs (H.264 + Opus) through mediabunny, for browsers whose MediaRecorder cannot write MP4
 * (Firefox). Resolves once the output has started.
 */
export async function startWebCodecsRecording(options: RecordingOptions): Promise<Recording> {
  const [videoTrack] = options.stream.getVideoTracks();
  const [audioTrack] = options.stream.getAudioTracks();
  // The capture controller refuses a stream without both; a caller that skipped it gets a reason, not a TypeError.
  if (!videoTrack || !audioTrack)
    throw new LivenessError('no-device', 'The stream lacks a camera or a microphone track.');
  const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target: new BufferTarget() });
  // What goes into the file, noted as it is muxed, so that the finished file needs no second parse.
  const written = { videoEnd: 0, audioEnd: 0, width: 0, height: 0 };
  const end = (packet: { timestamp: number; duration: number }) => packet.timestamp + packet.duration;
  const videoSource = new MediaStreamVideoTrackSource(videoTrack, {
    codec: 'avc',
    // Constrained Baseline: the default High profile makes Firefox emit B-frames, which some decoders mishandle.
    fullCodecString: H264_CODEC,
    bitrate: options.videoBitsPerSecond,
    keyFrameInterval: 1,
    // Firefox ESR's encoder returns an avcC whose SPS/PPS have their first byte doubled (players then read the
    // video as 96x16). In Annex B mode mediabunny builds the avcC from the SPS/PPS inside each keyframe instead.
    onEncoderConfig: (config) => {
      (config as VideoEncoderConfig & { avc?: { format: string } }).avc = { format: 'annexb' };
      written.width = config.width;
      written.height = config.height;
    },
    onEncodedPacket: (packet) => void (written.videoEnd = Math.max(written.videoEnd, end(packet))),
  });
  const audioSource = new MediaStreamAudioTrackSource(audioTrack, {
    codec: 'opus',
    bitrate: options.audioBitsPerSecond,
    // Firefox's AudioContext fallback delivers stereo; the speech is mono.
    transform: { numberOfChannels: 1 },
    onEncodedPacket: (packet) => void (written.audioEnd = Math.max(written.audioEnd, end(packet))),
  });
  // An encoder failure never reaches finalize(): it only rejects these, so they are watched for the whole take.
  const failure = Promise.race([videoSource.errorPromise, audioSource.errorPromise]).then(
    () => {
      throw new LivenessError('recording-failed', 'The WebCodecs encoder stopped.');
    },
    (error: unknown) => {
      throw new LivenessError('recording-failed', 'The WebCodecs encoder failed.', { cause: error });
    },
  );
  let settled = false;
  failure.catch((error) => {
    if (!settled) options.onFailure(error);
  });

  output.addVideoTrack(videoSource, { frameRate: Math.round(videoTrack.getSettings().frameRate ?? 30) });
  output.addAudioTrack(audioSource);
  let startTimer: ReturnType<typeof setTimeout> | undefined;
  const startTimeout = new Promise<never>((_, reject) => {
    startTimer = setTimeout(
      () =>
        reject(
          new LivenessError('recording-failed', `The WebCodecs recorder did not start within ${START_TIMEOUT_MS} ms.`),
        ),
      START_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([output.start(), failure, startTimeout]);
  } catch (error) {
    settled = true;
    void output.cancel();
    throw error;
  } finally {
    clearTimeout(startTimer);
  }

  return {
    async stop() {
      // From here the sources' errors are finalize's own ("Output has been finalized"), not a failed take: a track
      // the encoder really lost shows up below, as a track without a packet.
      settled = true;
      await output.finalize();
      const mimeType = compactMimeType(await output.getMimeType());
      const blob = new Blob([output.target.buffer!], { type: mimeType });
      // A track the encoder lost (no packet) or an unknown frame size: the file is read back instead, which names
      // the failure.
      if (!written.width || !written.height || !(written.videoEnd > 0) || !(written.audioEnd > 0)) return { blob };
      const durationMs = Math.round(Math.max(written.videoEnd, written.audioEnd) * 1000);
      return { blob, video: { blob, mimeType, durationMs, width: written.width, height: written.height } };
    },
    cancel() {
      settled = true;
      void output.cancel();
    },
  };
}
