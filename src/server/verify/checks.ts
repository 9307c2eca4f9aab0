// Checks a take against what Tencent's verification APIs accept (docs/tencent.md §6) before an API call is spent.
// The container is read from the bytes with mediabunny, never trusted from a file name or a declared type: first
// the box guard bounds every count an MP4 declares (mp4-guard.ts), then mediabunny reads it in a worker thread
// under a deadline and a heap limit (take-inspector.ts).
//
// Tencent accepts MP4, AVI and FLV. mediabunny reads none of AVI and FLV, so only MP4 is accepted here: AVI and FLV
// are recognised by their signature and refused with a message that says so.
import { looksLikeIsoBmff, unboundedCount } from './mp4-guard.js';
import { inspectTake } from './take-inspector.js';
import type { TakeRefusalDetails, TakeRefusalReason } from '../../protocol/wire.js';

export interface TakeCheckOptions {
  /** Shortest take accepted, in seconds. Default 1. */
  minDurationSeconds?: number | undefined;
  /** Longest take accepted, in seconds. Default 10 (Tencent asks for about 6). */
  maxDurationSeconds?: number | undefined;
  /** Largest take accepted, counted after base64 encoding as Tencent counts it. Default 8 MiB (8388608). */
  maxBase64Bytes?: number;
  /**
   * Turns a take in another container (typically a WebM from a browser without MP4 recording) into an MP4, e.g.
   * with ffmpeg. Without it such takes are refused as `unsupported-container`. Its output is checked again.
   */
  transcode?: ((video: Blob) => Promise<Blob>) | undefined;
}

export interface AcceptedTake {
  ok: true;
  /** The MP4 to send (the transcoder's output when one ran). */
  video: Blob;
  durationSeconds: number;
  /** e.g. `video/mp4; codecs="avc1.42c01f, opus"`. */
  mimeType: string;
  transcoded: boolean;
}

export interface RefusedTake {
  ok: false;
  reason: TakeRefusalReason;
  message: string;
  details?: TakeRefusalDetails | undefined;
}

export type TakeCheck = AcceptedTake | RefusedTake;

export const DEFAULT_MIN_DURATION_SECONDS = 1;
export const DEFAULT_MAX_DURATION_SECONDS = 10;
export const DEFAULT_MAX_BASE64_BYTES = 8 * 1024 * 1024;

/** Length of the base64 encoding (with padding) of `bytes` bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** The largest raw size whose base64 encoding fits in `maxBase64Bytes`. */
export function maxRawBytes(maxBase64Bytes: number): number {
  return Math.floor(maxBase64Bytes / 4) * 3;
}

interface Limits {
  minDurationSeconds: number;
  maxDurationSeconds: number;
  maxBase64Bytes: number;
}

/** Validates the options once, at handler creation. */
export function takeLimits(options: TakeCheckOptions): Limits {
  const limits = {
    minDurationSeconds: options.minDurationSeconds ?? DEFAULT_MIN_DURATION_SECONDS,
    maxDurationSeconds: options.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS,
    maxBase64Bytes: options.maxBase64Bytes ?? DEFAULT_MAX_BASE64_BYTES,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number`);
  }
  if (limits.minDurationSeconds > limits.maxDurationSeconds) {
    throw new RangeError('minDurationSeconds must not exceed maxDurationSeconds');
  }
  if (options.transcode !== undefined && typeof options.transcode !== 'function') {
    throw new TypeError('transcode must be a function');
  }
  return limits;
}

function refuse(reason: TakeRefusalReason, message: string, details?: TakeRefusalDetails): RefusedTake {
  return details === undefined ? { ok: false, reason, message } : { ok: false, reason, message, details };
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** Containers recognised by their first bytes, for those mediabunny cannot open. */
function sniffContainer(head: Uint8Array): string | undefined {
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'AVI ') return 'avi';
  if (ascii(head, 0, 3) === 'FLV') return 'flv';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  return undefined;
}

function unsupported(container: string, canTranscode: boolean): RefusedTake {
  const tail = canTranscode ? '' : ' Record MP4, or configure a transcoder (the `transcode` option) on the server.';
  const message =
    container === 'webm' || container === 'matroska'
      ? `The take is ${container === 'webm' ? 'WebM' : 'Matroska'}, which Tencent does not accept: it needs MP4.${tail}`
      : container === 'avi' || container === 'flv'
        ? `The take is ${container.toUpperCase()}: Tencent accepts it, but this server can only inspect MP4.${tail}`
        : `The take is ${container}, which Tencent does not accept: it needs MP4.${tail}`;
  return refuse('unsupported-container', message, { container });
}

/** A take accepted by `checkTakeBytes`: its bytes, which the inspection hands back (they were transferred). */
export interface AcceptedBytes extends Omit<AcceptedTake, 'video'> {
  bytes: Uint8Array;
}

function sizeRefusal(size: number, limits: Limits): RefusedTake | undefined {
  const base64Bytes = base64Length(size);
  if (base64Bytes <= limits.maxBase64Bytes) return undefined;
  return refuse(
    'too-large',
    `The take is ${base64Bytes} bytes after base64; Tencent accepts at most ${limits.maxBase64Bytes}.`,
    {
      base64Bytes,
      maxBase64Bytes: limits.maxBase64Bytes,
    },
  );
}

async function inspect(bytes: Uint8Array, limits: Limits, canTranscode: boolean): Promise<AcceptedBytes | RefusedTake> {
  const tooLarge = sizeRefusal(bytes.length, limits);
  if (tooLarge !== undefined) return tooLarge;
  if (bytes.length === 0) return refuse('not-a-video', 'The take is empty.');
  if (looksLikeIsoBmff(bytes)) {
    const why = unboundedCount(bytes);
    if (why !== undefined) return refuse('not-a-video', `The MP4 cannot be read safely: ${why}.`, { container: 'mp4' });
  }
  const head = bytes.slice(0, 16);
  const inspection = await inspectTake(bytes);
  if (!inspection.ok) {
    return inspection.failure === 'deadline'
      ? refuse('not-a-video', 'The take could not be read in time.')
      : refuse('not-a-video', 'The take could not be read within the memory allowed.');
  }
  const { facts } = inspection;
  if (facts.kind === 'unknown') {
    const sniffed = sniffContainer(head);
    if (sniffed !== undefined) return unsupported(sniffed, canTranscode);
    return refuse('not-a-video', 'The take is not a video file this server can read.');
  }
  if (facts.kind === 'other') {
    // An audio-only file (MP3, WAV…) is no take at all; an MPEG-TS or Ogg video is, in the wrong container.
    if (facts.audioOnly === true) return refuse('not-a-video', `The take is ${facts.container} audio, not a video.`);
    return unsupported(facts.container, canTranscode);
  }
  // A file that starts like an MP4 but breaks further on.
  if (facts.kind === 'broken') return refuse('not-a-video', 'The take could not be read as a video.');
  if (!facts.hasVideo) return refuse('no-video', 'The MP4 has no video track.', { container: 'mp4' });
  // A track with no samples is as silent as no track: Tencent then answers "no sound" (LipVoiceDetect).
  if (!(facts.audioSeconds > 0))
    return refuse('no-audio', 'The MP4 has no audio: the person reading the code must be heard.', { container: 'mp4' });
  const durationSeconds = Math.round((facts.end - Math.max(0, facts.start)) * 1000) / 1000;
  const details = {
    container: 'mp4',
    durationSeconds,
    minDurationSeconds: limits.minDurationSeconds,
    maxDurationSeconds: limits.maxDurationSeconds,
  };
  if (!(durationSeconds >= limits.minDurationSeconds)) {
    return refuse(
      'too-short',
      `The take lasts ${durationSeconds} s; at least ${limits.minDurationSeconds} s is needed.`,
      details,
    );
  }
  if (durationSeconds > limits.maxDurationSeconds) {
    return refuse(
      'too-long',
      `The take lasts ${durationSeconds} s; at most ${limits.maxDurationSeconds} s is accepted.`,
      details,
    );
  }
  return { ok: true, bytes: inspection.bytes, durationSeconds, mimeType: facts.mimeType, transcoded: false };
}

/**
 * Checks a take given as bytes, which it takes over: they are transferred to the inspection worker, so use the
 * accepted answer's `bytes` afterwards. A take in another container goes through `transcode` once, when one is given.
 */
export async function checkTakeBytes(
  bytes: Uint8Array,
  options: TakeCheckOptions = {},
): Promise<AcceptedBytes | RefusedTake> {
  const limits = takeLimits(options);
  // Kept aside only for the transcoder, which needs the take after the inspection has had it.
  const original = options.transcode === undefined ? undefined : new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const first = await inspect(bytes, limits, options.transcode !== undefined);
  if (first.ok || first.reason !== 'unsupported-container' || options.transcode === undefined || original === undefined)
    return first;
  const transcoded = new Uint8Array(await (await options.transcode(original)).arrayBuffer());
  const second = await inspect(transcoded, limits, false);
  if (!second.ok && second.reason === 'unsupported-container') {
    return refuse('unsupported-container', 'The transcoder did not produce an MP4.', second.details);
  }
  return second.ok ? { ...second, transcoded: true } : second;
}

/** Checks a take; a take in another container goes through `transcode` once, when one is given. */
export async function checkTake(video: Blob, options: TakeCheckOptions = {}): Promise<TakeCheck> {
  // The size first: an oversized Blob is refused without being read.
  const tooLarge = sizeRefusal(video.size, takeLimits(options));
  if (tooLarge !== undefined) return tooLarge;
  const check = await checkTakeBytes(new Uint8Array(await video.arrayBuffer()), options);
  if (!check.ok) return check;
  const { bytes, ...rest } = check;
  return {
    ...rest,
    video: check.transcoded ? new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }) : video,
  };
}
