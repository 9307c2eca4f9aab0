import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LivenessError } from '../errors.js';
import { CAMERA_CONSTRAINTS, cameraError, stopStream } from './camera.js';

export interface CaptureCallbacks {
  /** A track ended by itself (camera unplugged, permission revoked, another app took it). */
  onTrackEnded(): void;
  /** The page is going away (navigation, bfcache, tab closed). */
  onPageHide(): void;
}

/**
 * Owns the camera stream and the review object URL, and guarantees their release: on request, when the host
 * leaves the page, and on `pagehide`. Opening twice never holds two streams.
 */
export class CaptureController implements ReactiveController {
  private currentStream?: MediaStream;
  private reviewUrl?: string;
  private readonly onTrackEnded = () => this.callbacks.onTrackEnded();
  private readonly onPageHide = () => this.callbacks.onPageHide();

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: CaptureCallbacks,
  ) {
    host.addController(this);
  }

  get stream(): MediaStream | undefined {
    return this.currentStream;
  }

  async open(getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>, signal: AbortSignal): Promise<MediaStream> {
    this.releaseStream();
    if (!globalThis.isSecureContext) {
      throw new LivenessError('insecure-context', 'getUserMedia needs a secure context (https or localhost).');
    }
    let stream: MediaStream;
    try {
      stream = await getUserMedia(CAMERA_CONSTRAINTS);
    } catch (error) {
      throw cameraError(error);
    }
    // The take was abandoned while the person was answering the prompt: the stream must not outlive it.
    if (signal.aborted) {
      stopStream(stream);
      throw signal.reason;
    }
    if (stream.getVideoTracks().length === 0 || stream.getAudioTracks().length === 0) {
      stopStream(stream);
      throw new LivenessError('no-device', 'The stream lacks a camera or a microphone track.');
    }
    this.currentStream = stream;
    for (const track of stream.getTracks()) track.addEventListener('ended', this.onTrackEnded);
    return stream;
  }

  /** Browsers fire `ended` when a device goes away, but not when page code stops a track: check the state too. */
  get hasEndedTrack(): boolean {
    return this.currentStream?.getTracks().some((track) => track.readyState === 'ended') ?? false;
  }

  releaseStream(): void {
    const stream = this.currentStream;
    this.currentStream = undefined;
    for (const track of stream?.getTracks() ?? []) track.removeEventListener('ended', this.onTrackEnded);
    stopStream(stream);
  }

  showForReview(blob: Blob): string {
    this.revokeReviewUrl();
    this.reviewUrl = URL.createObjectURL(blob);
    return this.reviewUrl;
  }

  revokeReviewUrl(): void {
    if (this.reviewUrl) URL.revokeObjectURL(this.reviewUrl);
    this.reviewUrl = undefined;
  }

  release(): void {
    this.releaseStream();
    this.revokeReviewUrl();
  }

  hostConnected(): void {
    globalThis.addEventListener('pagehide', this.onPageHide);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener('pagehide', this.onPageHide);
    this.release();
  }
}
