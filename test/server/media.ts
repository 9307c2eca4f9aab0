// Real containers for the checks, written in Node by mediabunny from made-up packets: Node has no encoders, but the
// checks read only the container (format, tracks, timestamps), never the pictures or the sound.
import {
  BufferTarget,
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedVideoPacketSource,
  MovOutputFormat,
  Mp4OutputFormat,
  Output,
  WebMOutputFormat,
} from 'mediabunny';
import type { OutputFormat } from 'mediabunny';

export interface TakeSpec {
  container?: 'mp4' | 'webm' | 'mov';
  seconds?: number;
  video?: boolean;
  audio?: boolean;
  /** Bytes per video packet (10 per second), to make large files. Default 4. */
  packetBytes?: number;
  /** An MP4 in fragments (moof/mdat), as Chromium's MediaRecorder writes it. Default false. */
  fragmented?: boolean;
}

const FRAME_RATE = 10;
const AUDIO_PACKETS_PER_SECOND = 50;

function outputFormat(spec: TakeSpec): OutputFormat {
  if (spec.container === 'webm') return new WebMOutputFormat();
  if (spec.container === 'mov') return new MovOutputFormat();
  return new Mp4OutputFormat(spec.fragmented === true ? { fastStart: 'fragmented' } : {});
}

export async function makeTake(spec: TakeSpec = {}): Promise<Uint8Array<ArrayBuffer>> {
  const { seconds = 3, video = true, audio = true, packetBytes = 4 } = spec;
  const output = new Output({ format: outputFormat(spec), target: new BufferTarget() });
  const videoSource = new EncodedVideoPacketSource('vp9');
  const audioSource = new EncodedAudioPacketSource('opus');
  if (video) output.addVideoTrack(videoSource, { frameRate: FRAME_RATE });
  if (audio) output.addAudioTrack(audioSource);
  await output.start();
  if (video) {
    for (let index = 0; index < seconds * FRAME_RATE; index += 1) {
      const data = new Uint8Array(packetBytes).fill(index & 0xff);
      const meta =
        index === 0 ? { decoderConfig: { codec: 'vp09.00.10.08', codedWidth: 640, codedHeight: 480 } } : undefined;
      await videoSource.add(
        new EncodedPacket(data, index === 0 ? 'key' : 'delta', index / FRAME_RATE, 1 / FRAME_RATE),
        meta,
      );
    }
  }
  if (audio) {
    for (let index = 0; index < seconds * AUDIO_PACKETS_PER_SECOND; index += 1) {
      const meta =
        index === 0 ? { decoderConfig: { codec: 'opus', numberOfChannels: 1, sampleRate: 48000 } } : undefined;
      const packet = new EncodedPacket(
        new Uint8Array([0xfc, 0xff, 0xfe]),
        'key',
        index / AUDIO_PACKETS_PER_SECOND,
        1 / AUDIO_PACKETS_PER_SECOND,
      );
      await audioSource.add(packet, meta);
    }
  }
  await output.finalize();
  return new Uint8Array((output.target as BufferTarget).buffer!);
}

/** The first bytes of an AVI and an FLV file: enough for the signature check, which is all that reads them. */
export const AVI_HEAD = new Uint8Array(
  [...'RIFF']
    .map((c) => c.charCodeAt(0))
    .concat(
      [0, 0, 0, 0],
      [...'AVI LIST'].map((c) => c.charCodeAt(0)),
      new Array(64).fill(0),
    ),
);
export const FLV_HEAD = new Uint8Array([0x46, 0x4c, 0x56, 0x01, 0x05, 0, 0, 0, 9, ...new Array(64).fill(0)]);

export function blobOf(bytes: Uint8Array<ArrayBuffer>, type = ''): Blob {
  return new Blob([bytes], { type });
}
