// The full view: every state beyond the code screen (camera, recording, review, upload, errors). A lazy chunk,
// loaded with the take's code or when an error must be shown; `code-view.ts` holds the frame both fill.
import { html, nothing, type TemplateResult } from 'lit';
import { codeScreenParts, renderFrame, type CodeViewModel, type ViewParts } from './code-view.js';
import { describeCause, type LivenessError } from './errors.js';
import type { LivenessCompleteDetail, LivenessErrorDetail } from './events.js';
import { inlineSize } from './inline-size.js';
import { CODE_SCREEN_STATES, type View } from './state.js';
import { styleProperty } from './style-property.js';
import { isFixableByRetake } from './submit/answer.js';
import { describeError, format } from './strings/text.js';
import type { LivenessStrings } from './strings/types.js';

export type { View } from './state.js';
export { takeStyles } from './view-styles.js';

export interface ViewModel extends CodeViewModel {
  text: LivenessStrings;
  countdown: number;
  minDuration: number;
  maxDuration: number;
  stream: MediaStream | undefined;
  /** Microphone RMS level, 0–1. */
  level: number;
  actions: {
    start(): void;
    stop(): void;
    retake(): void;
    confirm(): void;
    retry(): void;
    cancelUpload(): void;
    sendAgain(): void;
  };
}

const fullParts: ViewParts<ViewModel> = {
  stage: renderStage,
  timer: renderTimer,
  hint: (model) => (model.view.state === 'ready' ? codeScreenParts.hint(model) : renderHint(model)),
  buttons: (model) =>
    CODE_SCREEN_STATES.has(model.view.state) ? codeScreenParts.buttons(model) : renderButtons(model),
  announcement,
};

export function renderView(model: ViewModel): TemplateResult {
  return renderFrame(model, fullParts);
}

/** Remaining time is announced once, when it gets short, rather than every second. */
const ANNOUNCE_REMAINING_AT_SECONDS = 3;

/** Speech sits around 0.02–0.2 RMS: a square-root scale lets a normal voice fill most of the meter. */
function levelPercent(level: number): number {
  return Math.round(Math.min(1, Math.sqrt(level / 0.25)) * 100);
}

function renderLevel({ text, level }: ViewModel): TemplateResult {
  const percent = levelPercent(level);
  return html`<div
    part="level"
    role="meter"
    aria-label=${text.levelLabel}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${percent}
  >
    <div part="level-bar" ${inlineSize(`${percent}%`)}></div>
  </div>`;
}

/** The camera's shape as CSS reads it (width / height), or undefined while it is unknown. */
function frameRatio(width: number | undefined, height: number | undefined): string | undefined {
  return width && height ? String(width / height) : undefined;
}

/** Before the first frame, the camera's settings give its shape (a phone held upright: 720x1280). */
function streamRatio(stream: MediaStream | undefined): string | undefined {
  const settings = stream?.getVideoTracks()[0]?.getSettings();
  return frameRatio(settings?.width, settings?.height);
}

/**
 * Once frames arrive, the video knows its real shape, which can differ from the settings (a phone turned mid-take,
 * a browser reporting the sensor's landscape size): the stage follows it.
 */
function followVideoShape(event: Event): void {
  const video = event.currentTarget as HTMLVideoElement;
  const ratio = frameRatio(video.videoWidth, video.videoHeight);
  if (ratio) video.parentElement?.style.setProperty('--_frame-ratio', ratio);
}

function renderStage(model: ViewModel): TemplateResult | typeof nothing {
  const { view, text, stream } = model;
  if (view.state === 'review') {
    return html`<div
      part="stage"
      ${styleProperty('--_frame-ratio', frameRatio(view.video.width, view.video.height) ?? '4 / 3')}
    >
      <video
        part="video"
        src=${view.url}
        controls
        playsinline
        aria-label=${text.reviewLabel}
        @loadedmetadata=${followVideoShape}
        @resize=${followVideoShape}
      ></video>
    </div>`;
  }
  if (view.state !== 'preview' && view.state !== 'countdown' && view.state !== 'recording') return nothing;
  return html`<div part="stage" ${styleProperty('--_frame-ratio', streamRatio(stream) ?? '4 / 3')}>
    <video
      part="video"
      class="mirrored"
      .srcObject=${stream ?? null}
      autoplay
      muted
      playsinline
      aria-label=${text.previewLabel}
      @loadedmetadata=${followVideoShape}
      @resize=${followVideoShape}
    ></video>
    ${view.state === 'countdown' ? html`<span part="countdown" aria-hidden="true">${view.secondsLeft}</span>` : nothing}
    ${renderLevel(model)}
  </div>`;
}

function remainingSeconds(elapsedMs: number, maxDuration: number): number {
  return Math.max(0, Math.ceil((maxDuration * 1000 - elapsedMs) / 1000));
}

function renderTimer(model: ViewModel): TemplateResult | typeof nothing {
  const { view, text, maxDuration } = model;
  if (view.state === 'uploading') {
    return html`<progress
      part="upload-progress"
      max="1"
      .value=${view.progress}
      aria-label=${text.uploadLabel}
    ></progress>`;
  }
  if (view.state !== 'recording') return nothing;
  const totalMs = maxDuration * 1000;
  const elapsedMs = Math.min(view.elapsedMs, totalMs);
  const elapsed = String(Math.floor(elapsedMs / 1000));
  const remaining = String(remainingSeconds(elapsedMs, maxDuration));
  // The timer text changes four times a second: it stays out of the live region (aria-hidden), which announces once.
  return html`<div part="timer" aria-hidden="true">
      ${format(text.timer, { elapsed, total: String(maxDuration) })} · ${format(text.remaining, { seconds: remaining })}
    </div>
    <progress part="progress" max=${totalMs} .value=${elapsedMs} aria-label=${text.progressLabel}></progress>`;
}

function renderHint({ view, text, minDuration }: ViewModel): TemplateResult | typeof nothing {
  switch (view.state) {
    case 'countdown':
      return html`<p part="hint">${text.readAloud}</p>
        <slot name="instructions"></slot>`;
    case 'recording':
      return html`<p part="hint">
        ${view.tooShort ? format(text.tooShort, { seconds: String(minDuration) }) : text.readAloud}
      </p>`;
    case 'preview':
      return html`<p part="hint">${text.preparing}</p>`;
    case 'processing':
      return html`<p part="hint">${text.processing}</p>`;
    case 'review':
      return html`<p part="hint">${text.review}</p>`;
    case 'done':
      return html`<p part="hint">${view.uploadCancelled ? text.uploadCancelled : text.done}</p>`;
    case 'uploading':
      return html`<p part="hint">${format(text.uploading, { percent: String(Math.round(view.progress * 100)) })}</p>`;
    case 'verified':
      return view.result.passed
        ? html`<p part="hint">${text.verified}</p>`
        : html`<p part="message">${text.notVerified}</p>`;
    case 'error':
      return html`<p part="message">
        ${describeError(view.error.reason, view.error.upstreamCode, text)}${reference(text, view.error)}
      </p>`;
    default:
      return nothing;
  }
}

function renderButtons({ view, text, actions }: ViewModel): TemplateResult | typeof nothing {
  switch (view.state) {
    case 'recording':
      return html`<button part="button stop-button" type="button" @click=${actions.stop}>${text.stop}</button>`;
    case 'review':
      return html`<button part="button retake-button" type="button" @click=${actions.retake}>${text.retake}</button>
        <button part="button confirm-button" type="button" @click=${actions.confirm}>${text.confirm}</button>`;
    case 'error':
      // A take the person can fix (spoke too softly, face out of frame…) is one click from the next take.
      if (view.fixableByRetake)
        return html`<button part="button retake-button" type="button" @click=${actions.retake}>${text.retake}</button>`;
      if (view.video)
        return html`<button part="button submit-button" type="button" @click=${actions.sendAgain}>
          ${text.sendAgain}
        </button>`;
      return html`<button part="button retry-button" type="button" @click=${actions.retry}>${text.retry}</button>`;
    case 'uploading':
      return html`<button part="button cancel-button" type="button" @click=${actions.cancelUpload}>
        ${text.cancel}
      </button>`;
    case 'done':
      if (!view.uploadCancelled) return nothing;
      return html`<button part="button submit-button" type="button" @click=${actions.sendAgain}>
          ${text.sendAgain}
        </button>
        <button part="button retake-button" type="button" @click=${actions.retake}>${text.retake}</button>`;
    case 'verified':
      if (view.result.passed) return nothing;
      return html`<button part="button retake-button" type="button" @click=${actions.retake}>${text.retake}</button>`;
    default:
      return nothing;
  }
}

function reference(text: LivenessStrings, error: LivenessErrorDetail): string {
  return error.upstreamCode ? ` (${format(text.errorReference, { code: error.upstreamCode })})` : '';
}

/** One sentence per state change (and one when time runs short): a screen reader hears each once. */
export function announcement(model: ViewModel): string {
  const { view, text, countdown, minDuration, maxDuration } = model;
  switch (view.state) {
    case 'idle':
    case 'loading':
    case 'ready':
      return codeScreenParts.announcement(model);
    case 'error':
      return describeError(view.error.reason, view.error.upstreamCode, text);
    case 'preview':
      return text.preparing;
    case 'countdown':
      return format(text.countdown, { seconds: String(countdown) });
    case 'recording':
      if (view.tooShort) return format(text.tooShort, { seconds: String(minDuration) });
      if (remainingSeconds(view.elapsedMs, maxDuration) <= ANNOUNCE_REMAINING_AT_SECONDS) {
        return format(text.remaining, { seconds: String(ANNOUNCE_REMAINING_AT_SECONDS) });
      }
      return text.recording;
    case 'processing':
      return text.processing;
    case 'review':
      return text.review;
    case 'done':
      return view.uploadCancelled ? text.uploadCancelled : text.done;
    case 'uploading':
      // Announced once: the percentage is on screen and in the progress bar.
      return text.sending;
    case 'verified':
      return view.result.passed ? text.verified : text.notVerified;
  }
}

/**
 * The `error` view and the `liveness-error` detail for a failure, in the element's language. `video`: the finished
 * video whose upload failed, kept so it can be sent again.
 */
export function errorView(
  error: LivenessError,
  text: LivenessStrings,
  video?: LivenessCompleteDetail,
): Extract<View, { state: 'error' }> {
  const detail: LivenessErrorDetail = {
    reason: error.reason,
    message: describeError(error.reason, error.upstreamCode, text),
    status: error.status,
    upstreamCode: error.upstreamCode,
    upstreamMessage: error.upstreamMessage,
    requestId: error.requestId,
    cause: describeCause(error),
  };
  const fixableByRetake =
    error.reason === 'no-speech' || (error.reason === 'rejected' && isFixableByRetake(error.upstreamCode));
  // A take refused for good is not sent again; one whose upload failed on the way can be.
  const resendable = video && (error.reason === 'network' || error.reason === 'timeout' || error.reason === 'http');
  return { state: 'error', error: detail, fixableByRetake, video: resendable ? video : undefined };
}
