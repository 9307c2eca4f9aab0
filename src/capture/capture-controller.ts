import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LivenessError } from '../errors.js';
import { CAMERA_CONSTRAINTS, cameraError, frameSizeProblem, stopStream } from './camera.js';
import { LevelMeter } from './level-meter.js';

export interface CaptureCallbacks {
  /**
   * The take cannot go on: a track ended (camera unplugged, permission revoked, another app took it), the device
   * in use disappeared, or the page was hidden (a take recorded in a background tab drops frames).
   */
  onInterrupted(): void;
  /** The page is going away (navigation, bfcache, tab closed). */
  onPageHide(): void;
  /** The microphone level, about ten times a second while the camera is open (RMS, 0–1). */
  onLevel(level: number): void;
}

/**
 * Owns the camera stream and the review object URL, and guarantees their release: on request, when the host
 * leaves the page, and on `pagehide`. Opening twice never holds two streams.
 */
export class CaptureController implements ReactiveController {
  private currentStream: MediaStream | undefined;
  private reviewUrl: string | undefined;
  private readonly onTrackEnded = () => this.callbacks.onInterrupted();
  private readonly onPageHide = () => this.callbacks.onPageHide();
  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'hidden' && this.currentStream) this.callbacks.onInterrupted();
  };
  private readonly onDeviceChange = () => void this.checkDevicesStillThere();
  readonly levels: LevelMeter;

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: CaptureCallbacks,
  ) {
    host.addController(this);
    this.levels = new LevelMeter(callbacks.onLevel);
  }

  get stream(): MediaStream | undefined {
    return this.currentStream;
  }

  async open(
    getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>,
    signal: AbortSignal,
  ): Promise<MediaStream> {
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
    const [videoTrack] = stream.getVideoTracks();
    if (!videoTrack || stream.getAudioTracks().length === 0) {
      stopStream(stream);
      throw new LivenessError('no-device', 'The stream lacks a camera or a microphone track.');
    }
    // What `min` constraints did before they had to go (they cannot say "either way up"): the same reason as an
    // OverconstrainedError.
    const { width, height } = videoTrack.getSettings();
    const tooSmall = frameSizeProblem(width, height);
    if (tooSmall) {
      stopStream(stream);
      throw new LivenessError('no-device', tooSmall);
    }
    this.currentStream = stream;
    for (const track of stream.getTracks()) track.addEventListener('ended', this.onTrackEnded);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
    this.levels.start(stream);
    return stream;
  }

  /** Browsers fire `ended` when a device goes away, but not when page code stops a track: check the state too. */
  get hasEndedTrack(): boolean {
    return this.currentStream?.getTracks().some((track) => track.readyState === 'ended') ?? false;
  }

  /**
   * Browsers also fire `devicechange` for changes that do not concern the take (another device plugged in, labels
   * revealed after the permission prompt): only a device in use that is gone interrupts it.
   */
  private async checkDevicesStillThere(): Promise<void> {
    const stream = this.currentStream;
    if (!stream) return;
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => undefined);
    if (!devices || stream !== this.currentStream) return;
    const present = new Set(devices.map((device) => device.deviceId));
    const inUse = stream
      .getTracks()
      .map((track) => track.getSettings().deviceId)
      .filter((id): id is string => Boolean(id));
    if (inUse.some((id) => !present.has(id))) this.callbacks.onInterrupted();
  }

  releaseStream(): void {
    const stream = this.currentStream;
    this.currentStream = undefined;
    this.levels.stop();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
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
