import type { ReactiveController } from 'lit';
import { toLivenessError, type LivenessError } from '../errors.js';
import type { LivenessCompleteDetail } from '../events.js';
import { TAKE_STATES, type View } from '../state.js';
import type { TakeSettings, TakeSteps } from '../take.js';

// The take's steps (camera, recorder, checks, upload) are a lazy chunk: a page that only shows a code never
// downloads them, and `start()` rarely waits for them (the host preloads them while the code is read).
const loadTakeSteps = () => import('../take.js');

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
  /** The take failed with a reason the person must see; `take`: a final take whose upload failed, kept to resend. */
  onError(error: LivenessError, take?: LivenessCompleteDetail): void;
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

/**
 * Owns the one take at a time: its AbortController, from waiting for the code to the final file, and its release on
 * abandon, failure and disconnect. The steps report each phase as the view the host shows.
 */
export class TakeController implements ReactiveController {
  /** The take's steps and their camera and upload controllers, once the lazy chunk is in. */
  steps?: TakeSteps;
  private stepsLoad?: Promise<TakeSteps>;
  private current?: Take;

  constructor(
    private readonly host: TakeSettings,
    readonly callbacks: TakeCallbacks,
  ) {
    host.addController(this);
  }

  /** Whether a take is under way, from waiting for its code to its final file. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Whether the take under way has its code and holds (or is opening) the camera. */
  get capturing(): boolean {
    return this.current?.capturing ?? false;
  }

  /** Records one take; `fresh`: with a new code, not the one on screen. Resolves when the take is over. */
  async start(fresh: boolean): Promise<void> {
    const take: Take = { abort: new AbortController(), capturing: false, requestStop: () => {} };
    this.current = take;
    // A take started from review (start() rather than retake()) leaves that review behind too.
    this.steps?.capture.revokeReviewUrl();
    let code: string | undefined;
    let steps: TakeSteps;
    try {
      // The code comes first in order (it may set `loading` at once); the steps and the texts load beside it.
      [code, steps] = await Promise.all([this.callbacks.codeFor(fresh), this.loadSteps(), this.callbacks.prepare()]);
    } catch (error) {
      // Only a lazy chunk can fail here (a code request failure resolves as `undefined`): the network is gone.
      if (this.end(take)) this.callbacks.onError(toLivenessError(error, 'network'));
      return;
    }
    if (this.current !== take) return;
    if (!code) {
      this.end(take);
      return;
    }
    await steps.run(take, code);
  }

  /** Loads the steps once and builds their controllers on the host. */
  loadSteps(): Promise<TakeSteps> {
    this.stepsLoad ??= loadTakeSteps().then(
      ({ TakeSteps }) => (this.steps = new TakeSteps(this.host, this)),
      (error: unknown) => {
        this.stepsLoad = undefined;
        throw error;
      },
    );
    return this.stepsLoad;
  }

  /** Loads the steps and what `prepare` loads in idle time, while a code is read: `start()` then waits less. */
  preload(): void {
    if (this.steps) return;
    const load = () => void Promise.all([this.loadSteps(), this.callbacks.prepare()]).catch(() => {});
    if (globalThis.requestIdleCallback) globalThis.requestIdleCallback(load, { timeout: 2000 });
    else setTimeout(load, 50);
  }

  /** Stops the recording, unless it is shorter than `min-duration` (the recording view then says so). */
  stop(): void {
    const view = this.callbacks.view();
    const take = this.current;
    if (view.state !== 'recording') return;
    const elapsedMs = take?.recordingSince === undefined ? view.elapsedMs : performance.now() - take.recordingSince;
    if (elapsedMs < this.host.minDuration * 1000) this.callbacks.onView({ ...view, tooShort: true });
    else take?.requestStop();
  }

  /** Ends the take with a reason the person sees (the track ended, the encoder failed). */
  fail(error: LivenessError): void {
    this.current?.abort.abort(error);
  }

  /** Ends the take and any upload silently and releases the camera; the code on screen stays usable. */
  abandon(): void {
    this.steps?.submission.abort();
    const take = this.current;
    this.current = undefined;
    take?.abort.abort(new DOMException('The take was abandoned.', 'AbortError'));
    this.steps?.capture.release();
    const view = this.callbacks.view();
    if (view.state === 'uploading') {
      this.callbacks.onView({ state: 'done', code: view.code, take: view.take, uploadCancelled: true });
    } else if (TAKE_STATES.has(view.state) && 'code' in view) {
      this.callbacks.onView({ state: 'ready', code: view.code });
    }
  }

  /** Forgets `take` as the current one; false when it no longer was (abandoned or superseded meanwhile). */
  end(take: Take): boolean {
    if (this.current !== take) return false;
    this.current = undefined;
    return true;
  }

  hostDisconnected(): void {
    this.abandon();
  }
}
