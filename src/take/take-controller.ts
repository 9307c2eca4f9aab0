import type { ReactiveController } from 'lit';
import { toLivenessError, type LivenessError } from '../errors.js';
import { TAKE_STATES } from '../state.js';
import type { TakeSteps } from './steps.js';
import type { Take, TakeCallbacks, TakeOwner, TakeSettings } from './types.js';

export type { Take, TakeCallbacks, TakeSettings } from './types.js';

// The take's steps (camera, recorder, checks, upload) are a lazy chunk: a page that only shows a code never
// downloads them, and `start()` rarely waits for them (the host preloads them while the code is read).
const loadTakeSteps = () => import('./steps.js');

/**
 * Owns the one take at a time: its AbortController, from waiting for the code to the final file, and its release on
 * abandon, failure and disconnect. The steps report each phase as the view the host shows.
 */
export class TakeController implements ReactiveController, TakeOwner {
  /** The take's steps and their camera and upload controllers, once the lazy chunk is in. */
  steps?: TakeSteps;
  private stepsLoad: Promise<TakeSteps> | undefined;
  private current: Take | undefined;

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
      this.callbacks.onView({ state: 'done', code: view.code, video: view.video, uploadCancelled: true });
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
