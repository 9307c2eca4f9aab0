import { adoptStyles, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { CodeController } from './code/code-controller.js';
import type { FetchedCode } from './code/request.js';
import { codeScreenParts, renderFrame } from './code-view.js';
import { describeCause, type LivenessError } from './errors.js';
import { LivenessCodeEvent, LivenessErrorEvent, type LivenessCompleteDetail } from './events.js';
import { FocusController } from './focus-controller.js';
import { CODE_SCREEN_STATES, reportTransition, RETAKE_STATES, type LivenessState, type View } from './state.js';
import { LivenessChallengeSettings } from './settings.js';
import { loadedStrings, loadLanguage, loadUpstreamMessages, upstreamMessagesLoaded } from './strings/text.js';
import { styles } from './styles.js';
import type { UploadAnswer, UploadRequest } from './submit/upload.js';
import { TakeController } from './take/take-controller.js';

export type { LivenessState } from './state.js';

// Beyond the code screen everything is a lazy chunk (see take/steps.ts, view.ts, strings/text.ts), shared by every
// element of the page once loaded.
let fullView: typeof import('./view.js') | undefined;
const loadFullView = () => import('./view.js').then((module) => (fullView = module));

/**
 * Shows a liveness code from the integrator's signing endpoint and records the person reading it aloud, as an
 * MP4 the verification APIs accept.
 *
 * @summary A digit-reading liveness check (Tencent Cloud FaceID / COS CI lip-reading liveness).
 *
 * @attr {LivenessState} state - Reflected, read-only: what the element is doing.
 *
 * @fires {LivenessCodeEvent} liveness-code - A new code is shown. `detail: { code }`.
 * @fires {LivenessStartEvent} liveness-start - Frames are being recorded. `detail: { code, mimeType }`.
 * @fires {LivenessCompleteEvent} liveness-complete - A take is final. `detail: { code, blob, mimeType, durationMs, width, height, size, needsTranscode }`.
 * @fires {LivenessSubmittedEvent} liveness-submitted - The take was uploaded to `submit-endpoint` and verified. `detail: { code, result: { passed, sim?, upstreamCode?, description?, requestId? } }`.
 * @fires {LivenessErrorEvent} liveness-error - Something failed. `detail: { reason, message, status?, upstreamCode?, upstreamMessage?, requestId?, cause? }`.
 *
 * @slot heading - A heading above the code.
 * @slot instructions - Extra instructions under the hint, while a code waits to be read.
 * @slot actions - Extra buttons beside the element's own (e.g. "cancel", "help").
 *
 * @csspart base - The wrapper of everything inside.
 * @csspart code - The group of digits.
 * @csspart digit - One digit of the code.
 * @csspart hint - The instruction of the moment (read aloud, keep reading, check your video).
 * @csspart message - The error message.
 * @csspart stage - The box around the video, in the camera's own shape.
 * @csspart video - The camera preview (mirrored) and the review playback.
 * @csspart countdown - The countdown number over the preview.
 * @csspart level - The live microphone level meter (preview and recording).
 * @csspart level-bar - The filled part of the level meter.
 * @csspart timer - Elapsed and total recording time.
 * @csspart upload-progress - The upload progress bar (with `submit-endpoint`).
 * @csspart progress - The recording progress bar.
 * @csspart actions - The row of buttons.
 * @csspart button - Every button.
 * @csspart start-button - Starts a take.
 * @csspart stop-button - Stops the take.
 * @csspart retake-button - Records again with a new code (review).
 * @csspart confirm-button - Accepts the take (review).
 * @csspart retry-button - Fetches a new code after an error.
 * @csspart cancel-button - Cancels the upload.
 * @csspart submit-button - Sends the kept take again (after a cancelled or failed upload).
 *
 * @cssprop [--liveness-challenge-accent=#0052d9] - Accent colour: digit borders, buttons, focus ring (dark: #8ab4ff).
 * @cssprop [--liveness-challenge-accent-contrast=#ffffff] - Text on the accent colour (dark: #0b1a33).
 * @cssprop [--liveness-challenge-background=#ffffff] - Background (dark: #1b1c1f).
 * @cssprop [--liveness-challenge-foreground=#1a1a1a] - Text colour (dark: #f1f1f1).
 * @cssprop [--liveness-challenge-muted=#5c5c5c] - Secondary text colour (dark: #b4b4b4).
 * @cssprop [--liveness-challenge-danger=#b3261e] - Error text colour (dark: #ffb4ab).
 * @cssprop [--liveness-challenge-radius=12px] - Corner radius.
 * @cssprop [--liveness-challenge-font=system-ui, sans-serif] - Font family.
 * @cssprop [--liveness-challenge-digit-size=3rem] - The largest size of each digit; smaller when the element is too narrow for it.
 * @cssprop [--liveness-challenge-stage-max-height=50svh] - The tallest the camera preview gets (a portrait camera's is tall).
 */
export class LivenessChallenge extends LivenessChallengeSettings {
  static override styles = styles;

  /** Registers the element under `tag` (once; later calls are no-ops). */
  static define(tag = 'liveness-challenge', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  @state() private view: View = { state: 'idle' };
  @state() private level = 0;
  private adoptedViewStyles = false;

  private readonly codeRequest = new CodeController(this, {
    codeLength: () => this.validCodeLength(),
    onWaiting: (state) => this.setView({ state }),
    onCode: (result) => this.showCode(result),
    onError: (error) => this.showError(error),
  });

  /** The take, from waiting for its code to its upload. */
  private readonly takes = new TakeController(this, {
    codeFor: (fresh) => this.codeRequest.codeForTake(this.view.state === 'ready' ? this.view.code : undefined, fresh),
    prepare: () => Promise.all([loadFullView(), loadLanguage(this.language)]),
    view: () => this.view,
    onView: (view) => this.setView(view),
    onLevel: (level) => (this.level = level),
    onError: (error, video) => this.showError(error, video),
  });

  constructor() {
    super();
    new FocusController(this);
  }

  /** The take's lazy steps and their camera and upload controllers, once loaded. */
  private get parts() {
    return this.takes.steps;
  }

  /** What the element is doing; also reflected to the `state` attribute. */
  get state(): LivenessState {
    return this.view.state;
  }

  /** The code on screen, or `undefined` when none is. */
  get code(): string | undefined {
    return 'code' in this.view ? this.view.code : undefined;
  }

  /** Abandons any take, releases the camera and fetches a new code. */
  reset(): void {
    this.takes.abandon();
    void this.codeRequest.fetchCode();
  }

  /**
   * Opens the camera, counts down and records the person reading the code. Fetches a code first if none is
   * ready. Calling it while a take runs or uploads does nothing.
   */
  start(): void {
    // A removed element records nothing: it could neither show the take nor release it when asked. An upload in
    // flight is the last take's: it ends first (verdict, cancel, reset).
    if (this.takes.running || !this.isConnected || this.view.state === 'uploading') return;
    void this.takes.start(false);
  }

  /** Stops the recording, unless it is shorter than `min-duration` (then a hint says so). */
  stop(): void {
    this.takes.stop();
  }

  /**
   * Drops this take and records again with a fresh code: in review, after a refused verification the person can
   * fix, or after a cancelled upload.
   */
  retake(): void {
    if (this.takes.running || !this.isConnected || !RETAKE_STATES.has(this.view.state)) return;
    this.parts?.submission.abort();
    this.parts?.capture.revokeReviewUrl();
    void this.takes.start(true);
  }

  /** In review: accepts the take, which fires `liveness-complete`. */
  confirm(): void {
    const view = this.view;
    if (view.state !== 'review' || !this.parts) return;
    this.parts.capture.revokeReviewUrl();
    this.parts.complete(view.video);
  }

  /** Cancels the upload in progress; the take is kept, to send again or replace. */
  cancelUpload(): void {
    this.parts?.submission.cancel();
  }

  /**
   * Sends one upload of the take. Override, or assign on an instance, to route uploads elsewhere; the default uses
   * XMLHttpRequest for its upload progress.
   */
  async upload(request: UploadRequest): Promise<UploadAnswer> {
    const { xhrUpload } = await import('./submit/upload.js');
    return xhrUpload(request);
  }

  /**
   * The HTTP transport used for the signing endpoint (ky calls it). Override in a subclass, or assign on an
   * instance, to route requests elsewhere.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return globalThis.fetch(input, init);
  }

  /** Opens the camera and microphone. Override, or assign on an instance, to use another source. */
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    return navigator.mediaDevices.getUserMedia(constraints);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A request aborted by an earlier disconnect left the element loading: pick it up again.
    if (this.hasUpdated && this.view.state === 'loading' && !this.codeRequest.pending) {
      void this.codeRequest.fetchCode();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint')) {
      // The code a take is recording or uploading against is about to be replaced.
      if (this.takes.capturing || this.view.state === 'uploading') this.takes.abandon();
      void this.codeRequest.fetchCode();
    }
    this.setAttribute('state', this.view.state);
    if (fullView && !this.adoptedViewStyles && this.renderRoot instanceof ShadowRoot) {
      // The lazy view's styles join the code screen's once it is loaded (before it first renders here).
      adoptStyles(this.renderRoot, [...LivenessChallenge.elementStyles, fullView.takeStyles]);
      this.adoptedViewStyles = true;
    }
  }

  /** The one place the element's state changes: listeners (tests, the development check) hear of every change. */
  private setView(next: View): void {
    const from = this.view.state;
    // Only review shows the take's video: leaving it (a new code, confirm(), removal) revokes its URL.
    if (from === 'review' && next.state !== 'review') this.parts?.capture.revokeReviewUrl();
    this.view = next;
    if (next.state !== from) reportTransition(this, { from, to: next.state, endpoint: this.endpoint });
  }

  private showCode({ code }: FetchedCode): void {
    this.setView({ state: 'ready', code });
    this.dispatchEvent(new LivenessCodeEvent({ code }));
    this.takes.preload();
  }

  /** `video`: the finished video whose upload failed, kept so it can be sent again. */
  private showError(error: LivenessError, video?: LivenessCompleteDetail): void {
    const explainedByCode =
      (error.reason === 'upstream' || error.reason === 'rejected') && error.upstreamCode !== undefined;
    const language = this.language;
    if (fullView && loadedStrings(language) && !(explainedByCode && !upstreamMessagesLoaded())) {
      this.showExplainedError(error, video);
      return;
    }
    // The error view, the language's texts and the sentences for upstream codes are lazy chunks; whatever happens
    // meanwhile (a reset, removal) wins.
    const viewBefore = this.view;
    const loads = [loadFullView(), loadLanguage(language), explainedByCode ? loadUpstreamMessages() : undefined];
    void Promise.all(loads.map((load) => load?.catch(() => {}))).then(() => {
      if (this.view === viewBefore && this.isConnected) this.showExplainedError(error, video);
    });
  }

  private showExplainedError(error: LivenessError, video?: LivenessCompleteDetail): void {
    const text = this.fullText;
    if (!fullView || !text) {
      // A lazy chunk could not be loaded (the network went away): the event still says what happened.
      const { reason, message, status } = error;
      this.dispatchEvent(new LivenessErrorEvent({ reason, message, status, cause: describeCause(error) }));
      return;
    }
    const view = fullView.errorView(error, text, video);
    this.setView(view);
    this.dispatchEvent(new LivenessErrorEvent(view.error));
  }

  private readonly actions = {
    start: () => this.start(),
    stop: () => this.stop(),
    retake: () => this.retake(),
    confirm: () => this.confirm(),
    retry: () => this.reset(),
    cancelUpload: () => this.cancelUpload(),
    sendAgain: () => {
      const view = this.view;
      if ((view.state === 'done' || view.state === 'error') && view.video) this.parts?.submit(view.video);
    },
  };

  protected override render(): TemplateResult {
    const language = this.language;
    const codeScreen = CODE_SCREEN_STATES.has(this.view.state);
    if (!loadedStrings(language) && !codeScreen)
      void loadLanguage(language).then(
        () => this.requestUpdate(),
        () => {},
      );
    // The code screen waits for nothing: its texts are built in for every language.
    const text = fullView && (loadedStrings(language) || !codeScreen) ? this.fullText : undefined;
    if (!fullView || !text) {
      const model = { view: this.view, text: this.codeText, codeLength: this.validCodeLength(), actions: this.actions };
      return renderFrame(model, codeScreenParts);
    }
    return fullView.renderView({
      view: this.view,
      text,
      codeLength: this.validCodeLength(),
      countdown: this.countdown,
      minDuration: this.minDuration,
      maxDuration: this.maxDuration,
      stream: this.parts?.capture.stream,
      level: this.level,
      actions: this.actions,
    });
  }
}
