import { adoptStyles, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CodeController } from './code/code-controller.js';
import type { FetchedCode } from './code/request.js';
import { codeScreenParts, CODE_SCREEN_STATES, renderFrame, TAKE_STATES, type LivenessState, type View } from './code-view.js';
import { describeCause, LivenessError, toLivenessError } from './errors.js';
import { LivenessCodeEvent, LivenessErrorEvent, type LivenessCompleteDetail } from './events.js';
import {
  codeScreenStrings,
  loadedStrings,
  loadLanguage,
  loadUpstreamMessages,
  mergeStrings,
  resolveLanguage,
  upstreamMessagesLoaded,
} from './strings/text.js';
import type { CodeScreenStrings, LivenessLanguage, LivenessStrings, LivenessStringsOverride } from './strings/types.js';
import { styles } from './styles.js';
import type { UploadAnswer, UploadRequest } from './submit/upload.js';
import type { Take, TakeParts } from './take.js';

export type { LivenessState } from './code-view.js';

const DEFAULT_CODE_LENGTH = 4;
/** Where a retake makes sense: reviewing, after a verdict or refusal, after a cancelled upload. */
const RETAKE_STATES: ReadonlySet<LivenessState> = new Set(['review', 'error', 'verified', 'done']);

// Beyond the code screen everything is a lazy chunk (see take.ts, view.ts, strings/text.ts), shared by every
// element of the page once loaded.
let fullView: typeof import('./view.js') | undefined;
const loadFullView = () => import('./view.js').then((module) => (fullView = module));
const loadTake = () => import('./take.js');
const whenIdle = (callback: () => void) =>
  globalThis.requestIdleCallback ? globalThis.requestIdleCallback(callback, { timeout: 2000 }) : setTimeout(callback, 50);

/**
 * Shows a liveness code from the integrator's signing endpoint and records the person reading it aloud, as an
 * MP4 the verification APIs accept.
 *
 * @summary A digit-reading liveness check (Tencent Cloud FaceID / COS CI lip-reading liveness).
 *
 * @attr {'idle'|'loading'|'ready'|'error'|'preview'|'countdown'|'recording'|'processing'|'review'|'done'|'uploading'|'verified'} state - Reflected, read-only: what the element is doing.
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
export class LivenessChallenge extends LitElement {
  static override styles = styles;

  /** Registers the element under `tag` (once; later calls are no-ops). */
  static define(tag = 'liveness-challenge', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  /** URL of the signing endpoint that hands out the code (or a signed request for it). Relative URLs resolve against the page. */
  @property() endpoint = '';

  /** HTTP method used to call the signing endpoint. */
  @property() method = 'GET';

  /** Extra request headers for the signing endpoint, e.g. a CSRF token. */
  @property({ attribute: false }) headers: Record<string, string> = {};

  /** Whether cookies go to the signing endpoint (`omit`, `same-origin` or `include`). */
  @property() credentials: RequestCredentials = 'same-origin';

  /** Milliseconds to wait for a code, signed-request hop included, before failing with `timeout`. */
  @property({ type: Number }) timeout = 10000;

  /** How many digits a valid code has. */
  @property({ attribute: 'code-length', type: Number }) codeLength = 4;

  /** `zh-CN` or `en`. Defaults to the closest `[lang]` ancestor, then the browser's language. */
  @property() override lang = '';

  /**
   * Overrides any text the element shows or announces, in its current language: `{ start: 'Go' }`,
   * `{ errors: { timeout: '…' } }`, `{ upstream: { '-5007': '…' } }`.
   */
  @property({ attribute: false }) strings?: LivenessStringsOverride;

  /** Seconds of countdown between the preview and the recording; `0` records at once. */
  @property({ type: Number }) countdown = 3;

  /** Seconds after which the recording stops by itself. */
  @property({ attribute: 'max-duration', type: Number }) maxDuration = 8;

  /** Seconds before which stopping is refused (the verifier needs every digit read). */
  @property({ attribute: 'min-duration', type: Number }) minDuration = 3;

  /** Largest file, in bytes, that may be emitted (Tencent: 8 MB after base64, about 6 MB raw). */
  @property({ attribute: 'max-bytes', type: Number }) maxBytes = 6_000_000;

  /** Play the take back with "record again" and "use this video" before it is final. */
  @property({ type: Boolean, reflect: true }) review = false;

  /** Forces a recording type: a MediaRecorder MIME type, or `webcodecs` for the WebCodecs MP4 route. */
  @property({ attribute: 'mime-type' }) mimeType = '';

  /**
   * Where a final take is uploaded for verification (`multipart/form-data`: `video`, `code` and `submitFields`),
   * e.g. a handler of `liveness-challenge/server`. Without it the take is only emitted.
   */
  @property({ attribute: 'submit-endpoint' }) submitEndpoint = '';

  /** Extra form fields sent with the take (never identity: the server takes that from its session). */
  @property({ attribute: false }) submitFields: Record<string, string> = {};

  /** The MediaRecorder class to record with. Replace it to route recording elsewhere (or to test failures). */
  mediaRecorderClass: typeof MediaRecorder | undefined = globalThis.MediaRecorder;

  /**
   * Microphone RMS level (0–1 of full scale) from which a moment counts as sound. Measured here: the fake
   * microphones' tones read 0.07–0.28 and their gaps 0–0.002; a muted or silent track reads 0.
   */
  @property({ attribute: 'speech-level', type: Number }) speechLevel = 0.015;

  /**
   * Milliseconds of sound at or above `speech-level` a take needs; a quieter take fails with `no-speech` instead of
   * being emitted. Reading four digits aloud takes well over a second; `0` turns the check off.
   */
  @property({ attribute: 'min-speech-ms', type: Number }) minSpeechMs = 300;

  /** Seconds a code stays good for a new take; an older one is replaced before the take starts. `0`: no limit. */
  @property({ attribute: 'code-ttl', type: Number }) codeTtl = 300;

  @state() private view: View = { state: 'idle' };
  @state() private level = 0;
  private codeShownAt = 0;

  private take: Take | undefined;
  private focusLost = false;

  private readonly codeRequest = new CodeController(this, {
    onCode: (result) => this.showCode(result),
    onError: (error) => this.showError(error),
  });

  /** The take's controllers and code, once the lazy chunk is in (`loadTakeParts`). */
  private parts: TakeParts | undefined;
  private partsLoad: Promise<TakeParts> | undefined;
  private adoptedViewStyles = false;

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
    this.abandonTake();
    void this.fetchCode();
  }

  /**
   * Opens the camera, counts down and records the person reading the code. Fetches a code first if none is
   * ready. Calling it while a take runs or uploads does nothing.
   */
  start(): void {
    // A removed element records nothing: it could neither show the take nor release it when asked. An upload in
    // flight is the last take's: it ends first (verdict, cancel, reset).
    if (this.take || !this.isConnected || this.view.state === 'uploading') return;
    void this.runTake(false);
  }

  /** Stops the recording, unless it is shorter than `min-duration` (then a hint says so). */
  stop(): void {
    const view = this.view;
    if (view.state !== 'recording') return;
    const elapsedMs = this.take?.recordingSince === undefined ? view.elapsedMs : performance.now() - this.take.recordingSince;
    if (elapsedMs < this.minDuration * 1000) {
      this.view = { ...view, tooShort: true };
      return;
    }
    this.take?.requestStop();
  }

  /**
   * Drops this take and records again with a fresh code: in review, after a refused verification the person can
   * fix, or after a cancelled upload.
   */
  retake(): void {
    if (this.take || !this.isConnected || !RETAKE_STATES.has(this.view.state)) return;
    this.parts?.submission.abort();
    this.parts?.capture.revokeReviewUrl();
    void this.runTake(true);
  }

  /** In review: accepts the take, which fires `liveness-complete`. */
  confirm(): void {
    const view = this.view;
    const parts = this.parts;
    if (view.state !== 'review' || !parts) return;
    parts.capture.revokeReviewUrl();
    parts.complete(view.take);
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
    if (this.hasUpdated && this.view.state === 'loading' && !this.codeRequest.pending) void this.fetchCode();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abandonTake();
  }

  /**
   * Keyboard users must not be dropped to the page when the button they pressed goes away (start → stop →
   * review): focus moves to the next state's first button, if focus was inside.
   */
  protected override updated(): void {
    const root = this.shadowRoot;
    if (!root) return;
    if (root.activeElement) this.focusLost = false;
    else if (this.focusLost) {
      const next = root.querySelector<HTMLElement>('[part~="button"]');
      if (next) {
        next.focus();
        this.focusLost = false;
      }
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.shadowRoot?.activeElement) this.focusLost = true;
    if (changed.has('endpoint')) {
      // The code a take is recording or uploading against is about to be replaced.
      if (this.take?.capturing || this.view.state === 'uploading') this.abandonTake();
      void this.fetchCode();
    }
    this.setAttribute('state', this.view.state);
    if (fullView && !this.adoptedViewStyles && this.renderRoot instanceof ShadowRoot) {
      // The lazy view's styles join the code screen's once it is loaded (before it first renders here).
      adoptStyles(this.renderRoot, [...LivenessChallenge.elementStyles, fullView.takeStyles]);
      this.adoptedViewStyles = true;
    }
  }

  private fetchCode(): Promise<FetchedCode | undefined> {
    // The code on review goes away with the new code, and so does the review's video.
    if (this.view.state === 'review') this.parts?.capture.revokeReviewUrl();
    if (!this.endpoint) {
      this.codeRequest.abort();
      this.view = { state: 'idle' };
      return Promise.resolve(undefined);
    }
    this.view = { state: 'loading' };
    if (!this.isConnected) {
      // Nothing fires from outside the page: connectedCallback picks the pending request up again.
      this.codeRequest.abort();
      return Promise.resolve(undefined);
    }
    return this.codeRequest.request({
      endpoint: this.endpoint,
      method: this.method,
      headers: this.headers,
      credentials: this.credentials,
      timeout: this.timeout,
      codeLength: this.validCodeLength(),
      baseUrl: document.baseURI,
      fetch: (input, init) => this.fetch(input, init),
    });
  }

  /**
   * The code for a new take: the one on screen (unless a fresh one is wanted), else the one on its way, else a new
   * one. A request superseded meanwhile (the endpoint changed) hands over to its successor.
   */
  private async codeForTake(fresh: boolean): Promise<string | undefined> {
    const codeAgeMs = performance.now() - this.codeShownAt;
    const stillGood = this.codeTtl <= 0 || codeAgeMs < this.codeTtl * 1000;
    if (!fresh && this.view.state === 'ready' && stillGood) return this.view.code;
    let pending = this.codeRequest.pending ?? this.fetchCode();
    for (;;) {
      const result = await pending;
      if (result) return result.code;
      const successor = this.codeRequest.pending;
      if (!successor) return undefined;
      pending = successor;
    }
  }

  private async runTake(freshCode: boolean): Promise<void> {
    const take: Take = { abort: new AbortController(), capturing: false, requestStop: () => {} };
    this.take = take;
    // A take started from review (start() rather than retake()) leaves that review behind too.
    this.parts?.capture.revokeReviewUrl();
    let code: string | undefined;
    let parts: TakeParts;
    try {
      // The code comes first in order (it may set `loading` at once); the take's chunk and texts load beside it.
      [code, parts] = await Promise.all([this.codeForTake(freshCode), this.loadTakeParts(), loadLanguage(this.language)]);
    } catch (error) {
      // Only a lazy chunk can fail here (a code request failure resolves as `undefined`): the network is gone.
      if (this.take !== take) return;
      this.take = undefined;
      this.showError(toLivenessError(error, 'network'));
      return;
    }
    if (this.take !== take) return;
    if (!code) {
      this.take = undefined;
      return;
    }
    await parts.run(take, code);
  }

  /** Loads the take's chunk once and builds its controllers on this element. */
  private loadTakeParts(): Promise<TakeParts> {
    this.partsLoad ??= Promise.all([loadTake(), loadFullView()]).then(
      ([{ TakeParts }]) =>
        (this.parts = new TakeParts(this, {
          view: () => this.view,
          setView: (view) => (this.view = view),
          setLevel: (level) => (this.level = level),
          currentTake: () => this.take,
          clearTake: () => (this.take = undefined),
          showError: (error, take) => this.showError(error, take),
          failTake: (error) => this.failTake(error),
          abandonTake: () => this.abandonTake(),
        })),
      (error: unknown) => {
        this.partsLoad = undefined;
        throw error;
      },
    );
    return this.partsLoad;
  }

  /** Ends the take with a reason the person sees (the track ended, the encoder failed). */
  private failTake(error: LivenessError): void {
    this.take?.abort.abort(error);
  }

  /** Ends the take silently and releases the camera; the code on screen stays usable. */
  private abandonTake(): void {
    this.parts?.submission.abort();
    const take = this.take;
    this.take = undefined;
    take?.abort.abort(new DOMException('The take was abandoned.', 'AbortError'));
    this.parts?.capture.release();
    const view = this.view;
    if (view.state === 'uploading') this.view = { state: 'done', code: view.code, take: view.take, uploadCancelled: true };
    else if (TAKE_STATES.has(view.state) && 'code' in view) this.view = { state: 'ready', code: view.code };
  }

  private validCodeLength(): number {
    return Number.isInteger(this.codeLength) && this.codeLength > 0 ? this.codeLength : DEFAULT_CODE_LENGTH;
  }

  private showCode({ code }: FetchedCode): void {
    this.view = { state: 'ready', code };
    this.codeShownAt = performance.now();
    this.dispatchEvent(new LivenessCodeEvent({ code }));
    // What a take needs, fetched while the person reads the code, so that `start()` does not wait for it.
    if (!this.parts) {
      whenIdle(() => {
        void this.loadTakeParts().catch(() => {});
        void loadLanguage(this.language).catch(() => {});
      });
    }
  }

  /** `take`: the final take whose upload failed, kept so it can be sent again. */
  private showError(error: LivenessError, take?: LivenessCompleteDetail): void {
    const explainedByCode = (error.reason === 'upstream' || error.reason === 'rejected') && error.upstreamCode !== undefined;
    const language = this.language;
    if (fullView && loadedStrings(language) && !(explainedByCode && !upstreamMessagesLoaded())) {
      this.showExplainedError(error, take);
      return;
    }
    // The error view, the language's texts and the sentences for upstream codes are lazy chunks; whatever happens
    // meanwhile (a reset, removal) wins.
    const viewBefore = this.view;
    const loads = [loadFullView(), loadLanguage(language), explainedByCode ? loadUpstreamMessages() : undefined];
    void Promise.all(loads.map((load) => load?.catch(() => {}))).then(() => {
      if (this.view === viewBefore && this.isConnected) this.showExplainedError(error, take);
    });
  }

  private showExplainedError(error: LivenessError, take?: LivenessCompleteDetail): void {
    const text = this.fullText;
    if (!fullView || !text) {
      // A lazy chunk could not be loaded (the network went away): the event still says what happened.
      this.dispatchEvent(new LivenessErrorEvent({ reason: error.reason, message: error.message, status: error.status, cause: describeCause(error) }));
      return;
    }
    const view = fullView.errorView(error, text, take);
    this.view = view;
    this.dispatchEvent(new LivenessErrorEvent(view.error));
  }

  private get language(): LivenessLanguage {
    return resolveLanguage(this.lang || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  /**
   * All the texts in the element's language, with the page's `strings` laid over them; until that language's chunk
   * is in (the page changed `lang` mid-take), another loaded language stands in.
   */
  private get fullText(): LivenessStrings | undefined {
    const language = this.language;
    const strings = loadedStrings(language) ?? loadedStrings(language === 'en' ? 'zh-CN' : 'en');
    return strings && mergeStrings(strings, this.strings);
  }

  /** The code screen's texts: built in for every language, so showing a code loads no language chunk. */
  private get codeText(): CodeScreenStrings {
    return { ...codeScreenStrings[this.language], ...this.strings };
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
      if ((view.state === 'done' || view.state === 'error') && view.take) this.parts?.submit(view.take);
    },
  };

  protected override render(): TemplateResult {
    const language = this.language;
    const codeScreen = CODE_SCREEN_STATES.has(this.view.state);
    if (!loadedStrings(language) && !codeScreen) void loadLanguage(language).then(() => this.requestUpdate(), () => {});
    // The code screen waits for nothing: its texts are built in for every language.
    const text = fullView && (loadedStrings(language) || !codeScreen) ? this.fullText : undefined;
    if (!fullView || !text) {
      return renderFrame({ view: this.view, text: this.codeText, codeLength: this.validCodeLength(), actions: this.actions }, codeScreenParts);
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
