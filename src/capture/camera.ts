import { LivenessError } from '../errors.js';

/**
 * The front camera at 720p where it can, never below 640x480 (what the verifiers need to see a mouth move),
 * and the microphone without noise suppression: it can swallow quiet speech, which the verifier must hear.
 */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  video: {
    facingMode: 'user',
    width: { min: 640, ideal: 1280 },
    height: { min: 480, ideal: 720 },
  },
  audio: {
    echoCancellation: true,
    noiseSuppression: false,
    autoGainControl: true,
  },
};

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
