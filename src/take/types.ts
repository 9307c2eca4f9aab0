// What the take controller (take-controller.ts) and the take's lazy steps (steps.ts) share: the controller loads the
// steps, and the steps know their owner only through these types, so imports run one way.
import type { ReactiveControllerHost } from 'lit';
import type { LivenessError } from '../errors.js';
import type { LivenessCompleteDetail } from '../events.js';
import type { View } from '../state.js';
import type { UploadAnswer, UploadRequest } from '../submit/upload.js';

/** The element's public settings a take reads (read at the moment they matter, as before the split). */
export interface TakeSettings extends ReactiveControllerHost, EventTarget {
  readonly countdown: number;
  readonly maxDuration: number;
  readonly minDuration: number;
  readonly maxBytes: number;
  readonly review: boolean;
  readonly mimeType: string;
  readonly speechLevel: number;
  readonly minSpeechMs: number;
  readonly submitEndpoint: string;
  readonly submitFields: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly credentials: RequestCredentials;
  readonly mediaRecorderClass: typeof MediaRecorder | undefined;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  upload(request: UploadRequest): Promise<UploadAnswer>;
}

export interface TakeCallbacks {
  /** The code to record against: the one on screen, or with `fresh` a new one; `undefined` when none came. */
  codeFor(fresh: boolean): Promise<string | undefined>;
  /** Whatever else the take's screens need, loaded beside the steps (the full view, the language's texts). */
  prepare(): Promise<unknown>;
  /** The host's view now: a take's phases update it, and abandoning a take maps it back. */
  view(): View;
  /** The take's phases (preview, countdown, recording, processing) and outcomes (review, done, uploading…). */
  onView(view: View): void;
  /** The microphone level while the camera is open (RMS, 0–1). */
  onLevel(level: number): void;
  /**
   * The take failed with a reason the person must see; `video`: a finished video whose upload failed, kept to resend.
   */
  onError(error: LivenessError, video?: LivenessCompleteDetail): void;
}

/** One take: started by `start()`, ended by its abort or its outcome. */
export interface Take {
  abort: AbortController;
  /** False while the take still waits for its code: a new endpoint then just supplies the code. */
  capturing: boolean;
  /** When recording began (performance.now()); stop() measures from it, not from the last timer tick. */
  recordingSince?: number;
  requestStop(): void;
}

/** What the steps may ask of the controller that owns the take. */
export interface TakeOwner {
  readonly callbacks: TakeCallbacks;
  /** Ends the take with a reason the person sees. */
  fail(error: LivenessError): void;
  /** Ends the take and any upload silently and releases the camera. */
  abandon(): void;
  /** Forgets `take` as the current one; false when it no longer was. */
  end(take: Take): boolean;
}
