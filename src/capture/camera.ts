import { LivenessError } from '../errors.js';

/**
 * The front camera at 720p where it can, and the microphone without noise suppression: it can swallow quiet speech,
 * which the verifier must hear.
 *
 * Width and height are only ideals, and the camera's own frame shape is kept (`resizeMode: 'none'`): a phone held
 * upright gives 720x1280, which `width: { min: 640 }` would refuse where the camera offers 480x640, and which
 * Chromium crops to 720x720 to come closer to an ideal 1280x720 unless told not to resize. The floor the verifiers
 * need (640x480 to see a mouth move) is checked after opening, on the short and the long side: see frameSizeProblem.
 */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  video: <MediaTrackConstraints & { resizeMode: ConstrainDOMString }>{
    facingMode: 'user',
    width: { ideal: 1280 },
    height: { ideal: 720 },
    resizeMode: 'none',
  },
  audio: {
    echoCancellation: true,
    noiseSuppression: false,
    autoGainControl: true,
  },
};

/** The smallest frame the verifiers accept, whichever way the camera is held. */
export const MIN_FRAME = { shortSide: 480, longSide: 640 };

/**
 * Why a camera's frame is too small for the verifiers, or undefined when it is big enough (or its size unknown: the
 * recording's own checks still apply). Orientation-free: 480x640 passes as 640x480 does.
 */
export function frameSizeProblem(width: number | undefined, height: number | undefined): string | undefined {
  if (!width || !height) return undefined;
  if (Math.min(width, height) >= MIN_FRAME.shortSide && Math.max(width, height) >= MIN_FRAME.longSide) return undefined;
  return `The camera gives ${width}x${height}; at least ${MIN_FRAME.longSide}x${MIN_FRAME.shortSide} (either way up) is needed.`;
}

/** Turns a getUserMedia failure into the reason the person can act on. */
export function cameraError(error: unknown): LivenessError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new LivenessError('permission-denied', message, { cause: error });
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new LivenessError('no-device', message, { cause: error });
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new LivenessError('device-busy', message, { cause: error });
    default:
      return new LivenessError('unsupported', message, { cause: error });
  }
}

/** Ends every track of the stream; the camera light goes off once no track holds the device. */
export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
