import { chooseRecordingPlan, MP4_TYPES, type RecordingPlan } from './plan.js';

/**
 * Asks the browser what it can record. The WebCodecs probe only runs where MediaRecorder cannot write MP4
 * (Firefox today), so Chromium pays nothing for it.
 */
export async function detectRecordingPlan(
  MediaRecorderClass: typeof MediaRecorder | undefined,
  forced: string | undefined,
  video: { width: number; height: number; bitrate: number },
): Promise<RecordingPlan | undefined> {
  const isTypeSupported = MediaRecorderClass ? (type: string) => MediaRecorderClass.isTypeSupported(type) : undefined;
  const mediaRecorderMp4 = !forced && isTypeSupported !== undefined && MP4_TYPES.some(isTypeSupported);
  const needsWebCodecs = forced === 'webcodecs' || (!forced && !mediaRecorderMp4);
  const webCodecsH264 = needsWebCodecs && (await canEncodeH264(video));
  return chooseRecordingPlan({ isTypeSupported, webCodecsH264, forced });
}

/** The codec string mediabunny's avc encoder config uses for baseline H.264 at these sizes. */
export const H264_CODEC = 'avc1.42001f';

/** The encoder's answer does not change within a page: ask once per size, not on every take. */
const h264Support = new Map<string, Promise<boolean>>();

function canEncodeH264(video: { width: number; height: number; bitrate: number }): Promise<boolean> {
  const key = `${video.width}x${video.height}@${video.bitrate}`;
  let support = h264Support.get(key);
  if (!support) {
    support = probeH264(video);
    h264Support.set(key, support);
  }
  return support;
}

async function probeH264(video: { width: number; height: number; bitrate: number }): Promise<boolean> {
  if (typeof VideoEncoder === 'undefined' || typeof AudioEncoder === 'undefined') return false;
  try {
    const support = await VideoEncoder.isConfigSupported({
      codec: H264_CODEC,
      width: video.width,
      height: video.height,
      bitrate: video.bitrate,
    });
    return support.supported === true;
  } catch {
    return false;
  }
}
