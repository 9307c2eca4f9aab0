import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { codeScreenStrings, loadedStrings, mergeStrings, resolveLanguage } from './strings/text.js';
import type { CodeScreenStrings, LivenessLanguage, LivenessStrings, LivenessStringsOverride } from './strings/types.js';

const DEFAULT_CODE_LENGTH = 4;

/**
 * What an owner sets on `<liveness-challenge>`: its attributes and properties with their defaults, and what they
 * resolve to (the language, the texts, the code length). The element (liveness-challenge.ts) adds the behaviour.
 */
export class LivenessChallengeSettings extends LitElement {
  /** URL of the signing endpoint that hands out the code (or a signed request for it); relative to the page. */
  @property() endpoint = '';

  /** HTTP method used to call the signing endpoint. */
  @property() method = 'GET';

  /** Extra request headers for the signing endpoint and the upload to `submit-endpoint`, e.g. a CSRF token. */
  @property({ attribute: false }) headers: Record<string, string> = {};

  /** Whether cookies go to the signing endpoint and `submit-endpoint` (`omit`, `same-origin` or `include`). */
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
   * Microphone RMS level (0–1 of full scale) from which a moment counts as sound; a muted or silent track reads 0.
   */
  @property({ attribute: 'speech-level', type: Number }) speechLevel = 0.015;

  /**
   * Milliseconds of sound at or above `speech-level` a take needs; a quieter take fails with `no-speech` instead of
   * being emitted. Reading four digits aloud takes well over a second; `0` turns the check off.
   */
  @property({ attribute: 'min-speech-ms', type: Number }) minSpeechMs = 300;

  /** Seconds a code stays good for a new take; an older one is replaced before the take starts. `0`: no limit. */
  @property({ attribute: 'code-ttl', type: Number }) codeTtl = 300;

  protected validCodeLength(): number {
    return Number.isInteger(this.codeLength) && this.codeLength > 0 ? this.codeLength : DEFAULT_CODE_LENGTH;
  }

  protected get language(): LivenessLanguage {
    return resolveLanguage(this.lang || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  /**
   * All the texts in the element's language, with the page's `strings` laid over them; until that language's chunk
   * is in (the page changed `lang` mid-take), another loaded language stands in.
   */
  protected get fullText(): LivenessStrings | undefined {
    const language = this.language;
    const strings = loadedStrings(language) ?? loadedStrings(language === 'en' ? 'zh-CN' : 'en');
    return strings && mergeStrings(strings, this.strings);
  }

  /** The code screen's texts: built in for every language, so showing a code loads no language chunk. */
  protected get codeText(): CodeScreenStrings {
    return { ...codeScreenStrings[this.language], ...this.strings };
  }
}
