import type { LivenessErrorReason } from '../errors.js';
import type { UpstreamMessages } from './upstream.js';

export type LivenessLanguage = 'zh-CN' | 'en';

/** Every text the element shows or announces. `{code}`-style placeholders are filled in by `format`. */
export interface LivenessStrings {
  codeLabel: string;
  loading: string;
  /** Announced once per new code; `{digits}` is the code spelled digit by digit. */
  codeAnnouncement: string;
  readAloud: string;
  retry: string;
  noEndpoint: string;
  start: string;
  stop: string;
  retake: string;
  confirm: string;
  /** While the camera opens and the person is asked for permission. */
  preparing: string;
  /** Announced at the start of the countdown; `{seconds}`. */
  countdown: string;
  recording: string;
  /** `{elapsed}` and `{total}` in seconds. */
  timer: string;
  /** `{seconds}` left. */
  remaining: string;
  progressLabel: string;
  /** Shown when stop is pressed too early; `{seconds}` is min-duration. */
  tooShort: string;
  processing: string;
  review: string;
  done: string;
  previewLabel: string;
  levelLabel: string;
  /** Announced once when sending starts. */
  sending: string;
  /** `{percent}` sent. */
  uploading: string;
  uploadLabel: string;
  cancel: string;
  uploadCancelled: string;
  sendAgain: string;
  verified: string;
  notVerified: string;
  reviewLabel: string;
  /** Shown when the upstream code has no sentence of its own; `{code}` is the upstream code. */
  upstreamFallback: string;
  /**
   * Appended to an upstream message for support: `{code}` is the upstream code, the only value it is given. The request
   * id is not shown; it stays in the `liveness-error` detail, for logs.
   */
  errorReference: string;
  errors: Record<LivenessErrorReason, string>;
  /**
   * Sentences for upstream codes. The built-in tables (two languages, ~130 codes) are a lazy chunk, loaded with
   * `loadUpstreamMessages()` when an upstream failure is first shown: most sessions never need them.
   */
  upstream: UpstreamMessages;
}

/** The texts of the screens that get and show a code: part of the first download, in every language. */
export type CodeScreenStrings = Pick<
  LivenessStrings,
  'codeLabel' | 'loading' | 'codeAnnouncement' | 'readAloud' | 'start'
>;

/** What a page may override: any text, any reason's message, any upstream code's sentence. */
export type LivenessStringsOverride = Partial<Omit<LivenessStrings, 'errors' | 'upstream'>> & {
  errors?: Partial<LivenessStrings['errors']> | undefined;
  upstream?: UpstreamMessages | undefined;
};
