/**
 * How a take is recorded. Tencent's verification APIs accept mp4, avi or flv only (docs/tencent.md §6), so MP4 comes
 * first by every route a browser offers; WebM is the last resort and is flagged for a server-side transcode.
 */
export type RecordingPlan =
  | { kind: 'media-recorder'; mimeType: string; needsTranscode: boolean }
  | { kind: 'webcodecs'; mimeType: 'video/mp4'; needsTranscode: false };

export interface RecordingCapabilities {
  /** `MediaRecorder.isTypeSupported`, or undefined where there is no MediaRecorder. */
  isTypeSupported?: ((mimeType: string) => boolean) | undefined;
  /** Whether WebCodecs can encode H.264 here (checked with `VideoEncoder.isConfigSupported`). */
  webCodecsH264: boolean;
  /** The `mime-type` attribute: forces one MediaRecorder type, or `webcodecs` for the WebCodecs route. */
  forced?: string | undefined;
}

/** H.264 with AAC first (what every verification backend decodes), then H.264 with Opus. */
export const MP4_TYPES = [
  'video/mp4;codecs=avc1.42E01F,mp4a.40.2',
  'video/mp4;codecs=avc1,mp4a.40.2',
  'video/mp4;codecs=avc1.42E01F,opus',
  'video/mp4;codecs=avc1,opus',
];

export const WEBM_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'];

export function isMp4(mimeType: string): boolean {
  return /^video\/mp4\b/i.test(mimeType);
}

/** The best recording route the capabilities allow, or undefined when this browser cannot record at all. */
export function chooseRecordingPlan(capabilities: RecordingCapabilities): RecordingPlan | undefined {
  const { isTypeSupported, webCodecsH264, forced } = capabilities;
  if (forced === 'webcodecs') return webCodecsH264 ? webCodecsPlan() : undefined;
  if (forced) {
    return isTypeSupported?.(forced)
      ? { kind: 'media-recorder', mimeType: forced, needsTranscode: !isMp4(forced) }
      : undefined;
  }
  const mp4 = isTypeSupported && MP4_TYPES.find((type) => isTypeSupported(type));
  if (mp4) return { kind: 'media-recorder', mimeType: mp4, needsTranscode: false };
  if (webCodecsH264) return webCodecsPlan();
  const webm = isTypeSupported && WEBM_TYPES.find((type) => isTypeSupported(type));
  if (webm) return { kind: 'media-recorder', mimeType: webm, needsTranscode: true };
  return undefined;
}

function webCodecsPlan(): RecordingPlan {
  return { kind: 'webcodecs', mimeType: 'video/mp4', needsTranscode: false };
}

export interface Bitrates {
  video: number;
  audio: number;
}

/** Encoders overshoot their target, and the container adds its own bytes: aim this far under the budget. */
const BUDGET_HEADROOM = 0.7;
const AUDIO_BITRATE = 64_000;
const MIN_VIDEO_BITRATE = 200_000;
/** Beyond this a 720p face video gains nothing a verifier can use. */
const MAX_VIDEO_BITRATE = 2_500_000;

/**
 * Bitrates under which a full-length take fits in `maxBytes`. The end-of-take size check stays the guarantee;
 * this only makes an over-budget take rare.
 */
export function chooseBitrates(maxBytes: number, maxDurationSeconds: number): Bitrates {
  const totalBitsPerSecond = (maxBytes * 8 * BUDGET_HEADROOM) / Math.max(1, maxDurationSeconds);
  const video = Math.min(
    MAX_VIDEO_BITRATE,
    Math.max(MIN_VIDEO_BITRATE, Math.floor(totalBitsPerSecond - AUDIO_BITRATE)),
  );
  return { video, audio: AUDIO_BITRATE };
}

/** 'video/mp4; codecs="avc1.42c01f, opus"' → the compact form the recorders use. */
export function compactMimeType(mimeType: string): string {
  return mimeType.replace(/;\s*codecs="([^"]*)"/, (_, codecs: string) => `;codecs=${codecs.replace(/\s+/g, '')}`);
}
