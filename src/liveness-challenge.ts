import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CaptureController } from './capture/capture-controller.js';
import { finishTake, loadWebCodecsRecording, preloadFor } from './capture/finish-take.js';
import { chooseBitrates, type RecordingPlan } from './capture/format.js';
import { detectRecordingPlan } from './capture/plan.js';
import { startMediaRecorder } from './capture/media-recorder.js';
import type { Recording, RecordingOptions } from './capture/recording.js';
import { sleep } from './capture/sleep.js';
import { CodeController } from './code/code-controller.js';
import type { FetchedCode } from './code/request.js';
import { LivenessError, toLivenessError } from './errors.js';
import {
  LivenessCodeEvent,
  LivenessCompleteEvent,
  LivenessErrorEvent,
  LivenessStartEvent,
  type LivenessCompleteDetail,
  type LivenessErrorDetail,
} from './events.js';
import { describeError, format, resolveLanguage, stringsFor, type LivenessStrings } from './strings/index.js';
import { styles } from './styles.js';

/** What the element is doing; reflected to the `state` attribute for CSS. */
export type LivenessState =
  | 'idle'
  | 'loading'
  | 'ready'
  | 'error'
  | 'preview'
  | 'countdown'
  | 'recording'
  | 'processing'
  | 'review'
  | 'done';

type View =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; code: string }
  | { state: 'error'; error: LivenessErrorDetail }
  | { state: 'preview'; code: string }
  | { state: 'countdown'; code: string; secondsLeft: number }
  | { state: 'recording'; code: string; elapsedMs: number; tooShort: boolean }
  | { state: 'processing'; code: string }
  | { state: 'review'; code: string; take: LivenessCompleteDetail; url: string }
  | { state: 'done'; code: string; take: LivenessCompleteDetail };

interface Take {
  abort: AbortController;
  /** False while the take still waits for its code: a new endpoint then just supplies the code. */
  capturing: boolean;
  requestStop(): void;
}

/** The states of a take still under way (review included: the take is not final until confirmed). */
const TAKE_STATES: ReadonlySet<LivenessState> = new Set(['preview', 'countdown', 'recording', 'processing', 'review']);
const DEFAULT_CODE_LENGTH = 4;
const TIMER_INTERVAL_MS = 250;

/**
 * Shows a liveness code from the integrator's signing endpoint and records the person reading it aloud, as an
 * MP4 the verification APIs accept.
 *
 * @summary A digit-reading liveness check (Tencent Cloud FaceID / COS CI lip-reading liveness).
 *
 * @attr {'idle'|'loading'|'ready'|'error'|'preview'|'countdown'|'recording'|'processing'|'review'|'done'} state - Reflected, read-only: what the element is doing.
 *
 * @fires {LivenessCodeEvent} liveness-code - A new code is shown. `detail: { code }`.
 * @fires {LivenessStartEvent} liveness-start - Frames are being recorded. `detail: { code, mimeType }`.
 * @fires {LivenessCompleteEvent} liveness-complete - A take is final. `detail: { code, blob, mimeType, durationMs, width, height, size, needsTranscode }`.
 * @fires {LivenessErrorEvent} liveness-error - Something failed. `detail: { reason, message, status?, upstreamCode?, upstreamMessage?, requestId? }`.
 *
 * @slot heading - A heading above the code.
 *
 * @csspart base - The wrapper of everything inside.
 * @csspart code - The group of digits.
 * @csspart digit - One digit of the code.
 * @csspart hint - The instruction of the moment (read aloud, keep reading, check your video).
 * @csspart message - The error message.
 * @csspart stage - The box around the video.
 * @csspart video - The camera preview (mirrored) and the review playback.
 * @csspart countdown - The countdown number over the preview.
 * @csspart timer - Elapsed and total recording time.
 * @csspart progress - The recording progress bar.
 * @csspart button - Every button.
 * @csspart start-button - Starts a take.
 * @csspart stop-button - Stops the take.
 * @csspart retake-button - Records again with a new code (review).
 * @csspart confirm-button - Accepts the take (review).
 * @csspart retry-button - Fetches a new code after an error.
 *
 * @cssprop [--liveness-challenge-accent=#0052d9] - Accent colour: digit borders, buttons, focus ring.
 * @cssprop [--liveness-challenge-background=#ffffff] - Background.
 * @cssprop [--liveness-challenge-foreground=#1a1a1a] - Text colour.
 * @cssprop [--liveness-challenge-muted=#5c5c5c] - Secondary text colour.
 * @cssprop [--liveness-challenge-danger=#b3261e] - Error text colour.
 * @cssprop [--liveness-challenge-radius=12px] - Corner radius.
 * @cssprop [--liveness-challenge-font=system-ui, sans-serif] - Font family.
 * @cssprop [--liveness-challenge-digit-size=3rem] - Size of each digit.
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

  /** The MediaRecorder class to record with. Replace it to route recording elsewhere (or to test failures). */
  mediaRecorderClass: typeof MediaRecorder | undefined = globalThis.MediaRecorder;

  @state() private view: View = { state: 'idle' };

  private take?: Take;
  private codePromise?: Promise<FetchedCode | undefined>;

  private readonly codeRequest = new CodeController(this, {
    onCode: (result) => this.showCode(result),
    onError: (error) => this.showError(error),
  });

  private readonly capture = new CaptureController(this, {
    onTrackEnded: () => this.failTake(new LivenessError('interrupted', 'A camera or microphone track ended.')),
    onPageHide: () => this.abandonTake(),
  });

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
   * ready. Calling it while a take runs does nothing.
   */
  start(): void {
    if (this.take) return;
    void this.runTake(false);
  }

  /** Stops the recording, unless it is shorter than `min-duration` (then a hint says so). */
  stop(): void {
    const view = this.view;
    if (view.state !== 'recording') return;
    if (view.elapsedMs < this.minDuration * 1000) {
      this.view = { ...view, tooShort: true };
      return;
    }
    this.take?.requestStop();
  }

  /** In review: drops this take and records again with a fresh code. */
  retake(): void {
    if (this.view.state !== 'review') return;
    this.capture.revokeReviewUrl();
    void this.runTake(true);
  }

  /** In review: accepts the take, which fires `liveness-complete`. */
  confirm(): void {
    const view = this.view;
    if (view.state !== 'review') return;
    this.capture.revokeReviewUrl();
    this.complete(view.take);
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint')) {
      // The code a take is recording against is about to be replaced.
      if (this.take?.capturing) this.abandonTake();
      void this.fetchCode();
    }
    this.setAttribute('state', this.view.state);
  }

  private fetchCode(): Promise<FetchedCode | undefined> {
    if (!this.endpoint) {
      this.codeRequest.abort();
      this.view = { state: 'idle' };
      return Promise.resolve(undefined);
    }
    this.view = { state: 'loading' };
    this.codePromise = this.codeRequest.request({
      endpoint: this.endpoint,
      method: this.method,
      headers: this.headers,
      credentials: this.credentials,
      timeout: this.timeout,
      codeLength: this.validCodeLength(),
      baseUrl: document.baseURI,
      fetch: (input, init) => this.fetch(input, init),
    });
    return this.codePromise;
  }

  /**
   * The code for a new take: the one on screen (unless a fresh one is wanted), else the one on its way, else a new
   * one. A request superseded meanwhile (the endpoint changed) hands over to its successor.
   */
  private async codeForTake(fresh: boolean): Promise<string | undefined> {
    if (!fresh && this.view.state === 'ready') return this.view.code;
    let pending = this.codeRequest.pending && this.codePromise ? this.codePromise : this.fetchCode();
    for (;;) {
      const result = await pending;
      if (result) return result.code;
      if (!this.codeRequest.pending || !this.codePromise) return undefined;
      pending = this.codePromise;
    }
  }

  private async runTake(freshCode: boolean): Promise<void> {
    const abort = new AbortController();
    const signal = abort.signal;
    let stopRequested!: () => void;
    const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
    const take: Take = { abort, capturing: false, requestStop: () => stopRequested() };
    let recording: Recording | undefined;
    let watchdog: ReturnType<typeof setInterval> | undefined;

    this.take = take;
    const code = await this.codeForTake(freshCode);
    if (this.take !== take) return;
    if (!code) {
      this.take = undefined;
      return;
    }
    take.capturing = true;
    try {
      this.view = { state: 'preview', code };
      const stream = await this.capture.open((constraints) => this.getUserMedia(constraints), signal);
      // `ended` only fires when a device goes away; a track stopped by other code must end the take too.
      watchdog = setInterval(() => {
        if (this.capture.hasEndedTrack) this.failTake(new LivenessError('interrupted', 'A camera or microphone track ended.'));
      }, TIMER_INTERVAL_MS);
      const settings = stream.getVideoTracks()[0].getSettings();
      const bitrates = chooseBitrates(this.maxBytes, this.maxDuration);
      const plan = await detectRecordingPlan(this.mediaRecorderClass, this.mimeType || undefined, {
        width: settings.width ?? 640,
        height: settings.height ?? 480,
        bitrate: bitrates.video,
      });
      if (!plan) throw new LivenessError('unsupported', 'No way to record video in this browser.');
      preloadFor(plan);

      for (let secondsLeft = Math.floor(this.countdown); secondsLeft > 0; secondsLeft -= 1) {
        this.view = { state: 'countdown', code, secondsLeft };
        await sleep(1000, signal);
      }

      const options: RecordingOptions = {
        stream,
        mimeType: plan.mimeType,
        videoBitsPerSecond: bitrates.video,
        audioBitsPerSecond: bitrates.audio,
        onFailure: (error) => this.failTake(toLivenessError(error, 'recording-failed')),
      };
      const starting = this.startRecording(plan, options);
      // A recorder that starts after the take was abandoned must not run on unseen.
      starting.then((started) => signal.aborted && started.cancel(), () => {});
      recording = await untilAborted(starting, signal);
      const startedAt = performance.now();
      this.view = { state: 'recording', code, elapsedMs: 0, tooShort: false };
      this.dispatchEvent(new LivenessStartEvent({ code, mimeType: plan.mimeType }));

      const timer = setInterval(() => this.tick(performance.now() - startedAt), TIMER_INTERVAL_MS);
      const autoStop = setTimeout(stopRequested, this.maxDuration * 1000);
      try {
        await untilAborted(stopped, signal);
      } finally {
        clearInterval(timer);
        clearTimeout(autoStop);
      }

      this.view = { state: 'processing', code };
      const raw = await untilAborted(recording.stop(), signal);
      recording = undefined;
      clearInterval(watchdog);
      this.capture.releaseStream();
      const finished = await untilAborted(finishTake(raw, plan), signal);
      if (finished.blob.size > this.maxBytes) {
        throw new LivenessError('too-large', `The take is ${finished.blob.size} bytes, over max-bytes ${this.maxBytes}.`);
      }
      const detail: LivenessCompleteDetail = {
        code,
        ...finished,
        size: finished.blob.size,
        needsTranscode: plan.needsTranscode,
      };
      this.take = undefined;
      if (this.review) this.view = { state: 'review', code, take: detail, url: this.capture.showForReview(detail.blob) };
      else this.complete(detail);
    } catch (error) {
      clearInterval(watchdog);
      recording?.cancel();
      this.capture.release();
      if (this.take !== take) return;
      this.take = undefined;
      // Abandoned (reset, disconnect, pagehide): silent. Failed (track ended, encoder error): the reason is shown.
      const reason = signal.aborted ? signal.reason : error;
      if (reason instanceof LivenessError || !signal.aborted) this.showError(toLivenessError(reason, 'recording-failed'));
    }
  }

  private async startRecording(plan: RecordingPlan, options: RecordingOptions): Promise<Recording> {
    if (plan.kind === 'webcodecs') return (await loadWebCodecsRecording())(options);
    if (!this.mediaRecorderClass) throw new LivenessError('unsupported', 'No MediaRecorder.');
    return startMediaRecorder(this.mediaRecorderClass, options);
  }

  private tick(elapsedMs: number): void {
    const view = this.view;
    if (view.state !== 'recording') return;
    const reachedMinimum = elapsedMs >= this.minDuration * 1000;
    this.view = { ...view, elapsedMs, tooShort: view.tooShort && !reachedMinimum };
  }

  private complete(take: LivenessCompleteDetail): void {
    this.view = { state: 'done', code: take.code, take };
    this.dispatchEvent(new LivenessCompleteEvent(take));
  }

  /** Ends the take with a reason the person sees (the track ended, the encoder failed). */
  private failTake(error: LivenessError): void {
    this.take?.abort.abort(error);
  }

  /** Ends the take silently and releases the camera; the code on screen stays usable. */
  private abandonTake(): void {
    const take = this.take;
    this.take = undefined;
    take?.abort.abort(new DOMException('The take was abandoned.', 'AbortError'));
    this.capture.release();
    const view = this.view;
    if (TAKE_STATES.has(view.state) && 'code' in view) this.view = { state: 'ready', code: view.code };
  }

  private validCodeLength(): number {
    return Number.isInteger(this.codeLength) && this.codeLength > 0 ? this.codeLength : DEFAULT_CODE_LENGTH;
  }

  private showCode({ code }: FetchedCode): void {
    this.view = { state: 'ready', code };
    this.dispatchEvent(new LivenessCodeEvent({ code }));
  }

  private showError(error: LivenessError): void {
    const detail: LivenessErrorDetail = {
      reason: error.reason,
      message: describeError(error.reason, error.upstreamCode, this.strings),
      status: error.status,
      upstreamCode: error.upstreamCode,
      upstreamMessage: error.upstreamMessage,
      requestId: error.requestId,
    };
    this.view = { state: 'error', error: detail };
    this.dispatchEvent(new LivenessErrorEvent(detail));
  }

  private get strings(): LivenessStrings {
    const tag = this.lang || this.closest('[lang]')?.getAttribute('lang') || navigator.language;
    return stringsFor(resolveLanguage(tag));
  }

  protected override render(): TemplateResult {
    const strings = this.strings;
    return html`
      <div part="base">
        <slot name="heading"></slot>
        ${this.renderCode(strings)} ${this.renderStage(strings)} ${this.renderTimer(strings)}
        ${this.renderHint(strings)} ${this.renderActions(strings)}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement(strings)}</div>
      </div>
    `;
  }

  private renderCode(strings: LivenessStrings): TemplateResult | typeof nothing {
    const view = this.view;
    if (view.state === 'idle' || view.state === 'error') return nothing;
    const digits = view.state === 'loading' ? '–'.repeat(this.validCodeLength()) : view.code;
    return html`<div part="code" role="group" aria-label=${strings.codeLabel}>
      ${Array.from(digits, (digit) => html`<span part="digit">${digit}</span>`)}
    </div>`;
  }

  private renderStage(strings: LivenessStrings): TemplateResult | typeof nothing {
    const view = this.view;
    if (view.state === 'review') {
      return html`<div part="stage">
        <video part="video" src=${view.url} controls playsinline aria-label=${strings.reviewLabel}></video>
      </div>`;
    }
    if (view.state !== 'preview' && view.state !== 'countdown' && view.state !== 'recording') return nothing;
    return html`<div part="stage">
      <video
        part="video"
        class="mirrored"
        .srcObject=${this.capture.stream ?? null}
        autoplay
        muted
        playsinline
        aria-label=${strings.previewLabel}
      ></video>
      ${view.state === 'countdown' ? html`<span part="countdown" aria-hidden="true">${view.secondsLeft}</span>` : nothing}
    </div>`;
  }

  private renderTimer(strings: LivenessStrings): TemplateResult | typeof nothing {
    const view = this.view;
    if (view.state !== 'recording') return nothing;
    const totalMs = this.maxDuration * 1000;
    const elapsedMs = Math.min(view.elapsedMs, totalMs);
    const elapsed = String(Math.floor(elapsedMs / 1000));
    const remaining = String(Math.max(0, Math.ceil((totalMs - elapsedMs) / 1000)));
    return html`<div part="timer">
        ${format(strings.timer, { elapsed, total: String(this.maxDuration) })} ·
        ${format(strings.remaining, { seconds: remaining })}
      </div>
      <progress part="progress" max=${totalMs} .value=${elapsedMs} aria-label=${strings.progressLabel}></progress>`;
  }

  private renderHint(strings: LivenessStrings): TemplateResult | typeof nothing {
    const view = this.view;
    switch (view.state) {
      case 'ready':
      case 'countdown':
        return html`<p part="hint">${strings.readAloud}</p>`;
      case 'recording':
        return html`<p part="hint">
          ${view.tooShort ? format(strings.tooShort, { seconds: String(this.minDuration) }) : strings.readAloud}
        </p>`;
      case 'preview':
        return html`<p part="hint">${strings.preparing}</p>`;
      case 'processing':
        return html`<p part="hint">${strings.processing}</p>`;
      case 'review':
        return html`<p part="hint">${strings.review}</p>`;
      case 'done':
        return html`<p part="hint">${strings.done}</p>`;
      case 'error':
        return html`<p part="message">
          ${describeError(view.error.reason, view.error.upstreamCode, strings)}${this.renderReference(strings, view.error)}
        </p>`;
      default:
        return nothing;
    }
  }

  private renderActions(strings: LivenessStrings): TemplateResult | typeof nothing {
    switch (this.view.state) {
      case 'ready':
        return html`<button part="button start-button" type="button" @click=${() => this.start()}>${strings.start}</button>`;
      case 'recording':
        return html`<button part="button stop-button" type="button" @click=${() => this.stop()}>${strings.stop}</button>`;
      case 'review':
        return html`<div part="actions">
          <button part="button retake-button" type="button" @click=${() => this.retake()}>${strings.retake}</button>
          <button part="button confirm-button" type="button" @click=${() => this.confirm()}>${strings.confirm}</button>
        </div>`;
      case 'error':
        return html`<button part="button retry-button" type="button" @click=${() => this.reset()}>${strings.retry}</button>`;
      default:
        return nothing;
    }
  }

  private renderReference(strings: LivenessStrings, error: LivenessErrorDetail): string {
    if (!error.upstreamCode) return '';
    return ` (${format(strings.errorReference, { code: error.upstreamCode })})`;
  }

  private announcement(strings: LivenessStrings): string {
    const view = this.view;
    switch (view.state) {
      case 'idle':
        return '';
      case 'loading':
        return strings.loading;
      case 'ready':
        return format(strings.codeAnnouncement, { digits: Array.from(view.code).join(' ') });
      case 'error':
        return describeError(view.error.reason, view.error.upstreamCode, strings);
      case 'preview':
        return strings.preparing;
      case 'countdown':
        return format(strings.countdown, { seconds: String(this.countdown) });
      case 'recording':
        return view.tooShort ? format(strings.tooShort, { seconds: String(this.minDuration) }) : strings.recording;
      case 'processing':
        return strings.processing;
      case 'review':
        return strings.review;
      case 'done':
        return strings.done;
    }
  }
}

/** Rejects with the abort reason as soon as the take is abandoned or failed, whatever `promise` is waiting on. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
