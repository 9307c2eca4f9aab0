import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CodeController } from './code/code-controller.js';
import type { FetchedCode } from './code/request.js';
import type { LivenessError } from './errors.js';
import { LivenessCodeEvent, LivenessErrorEvent, type LivenessErrorDetail } from './events.js';
import { describeError, format, resolveLanguage, stringsFor, type LivenessStrings } from './strings/index.js';
import { styles } from './styles.js';

/** What the element is doing; reflected to the `state` attribute for CSS. */
export type LivenessState = 'idle' | 'loading' | 'ready' | 'error';

type View =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; code: string }
  | { state: 'error'; error: LivenessErrorDetail };

const DEFAULT_CODE_LENGTH = 4;

/**
 * Shows a liveness code from the integrator's signing endpoint, for the person to read aloud on camera.
 *
 * @summary A digit-reading liveness check (Tencent Cloud FaceID / COS CI lip-reading liveness).
 *
 * @attr {'idle'|'loading'|'ready'|'error'} state - Reflected, read-only: what the element is doing.
 *
 * @fires {LivenessCodeEvent} liveness-code - A new code is shown. `detail: { code }`.
 * @fires {LivenessErrorEvent} liveness-error - Getting the code failed. `detail: { reason, message, status?, upstreamCode?, upstreamMessage?, requestId? }`.
 *
 * @slot heading - A heading above the code.
 *
 * @csspart base - The wrapper of everything inside.
 * @csspart code - The group of digits.
 * @csspart digit - One digit of the code.
 * @csspart hint - The instruction to read the digits aloud.
 * @csspart message - The error message.
 * @csspart button - Every button.
 * @csspart retry-button - The button that fetches a new code after an error.
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
  @property({ attribute: 'code-length', type: Number }) codeLength = DEFAULT_CODE_LENGTH;

  /** `zh-CN` or `en`. Defaults to the closest `[lang]` ancestor, then the browser's language. */
  @property() override lang = '';

  @state() private view: View = { state: 'idle' };

  private readonly codeRequest = new CodeController(this, {
    onCode: (result) => this.showCode(result),
    onError: (error) => this.showError(error),
  });

  /** What the element is doing; also reflected to the `state` attribute. */
  get state(): LivenessState {
    return this.view.state;
  }

  /** The code on screen, or `undefined` when none is. */
  get code(): string | undefined {
    return this.view.state === 'ready' ? this.view.code : undefined;
  }

  /** Drops the current code or error and fetches a new code. */
  reset(): void {
    this.requestCode();
  }

  /**
   * The HTTP transport used for the signing endpoint (ky calls it). Override in a subclass, or assign on an
   * instance, to route requests elsewhere.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return globalThis.fetch(input, init);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A request aborted by an earlier disconnect left the element loading: pick it up again.
    if (this.hasUpdated && this.view.state === 'loading' && !this.codeRequest.pending) this.requestCode();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint')) this.requestCode();
    this.setAttribute('state', this.view.state);
  }

  private requestCode(): void {
    if (!this.endpoint) {
      this.codeRequest.abort();
      this.view = { state: 'idle' };
      return;
    }
    this.view = { state: 'loading' };
    void this.codeRequest.request({
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
        ${this.renderBody(strings)}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement(strings)}</div>
      </div>
    `;
  }

  private renderBody(strings: LivenessStrings): TemplateResult | typeof nothing {
    const view = this.view;
    switch (view.state) {
      case 'idle':
        return nothing;
      case 'loading':
        return this.renderDigits(strings, '–'.repeat(this.validCodeLength()));
      case 'ready':
        return html`${this.renderDigits(strings, view.code)}
          <p part="hint">${strings.readAloud}</p>`;
      case 'error':
        return html`
          <p part="message">${describeError(view.error.reason, view.error.upstreamCode, strings)}${this.renderReference(
            strings,
            view.error,
          )}</p>
          <button part="button retry-button" type="button" @click=${() => this.reset()}>${strings.retry}</button>
        `;
    }
  }

  private renderDigits(strings: LivenessStrings, digits: string): TemplateResult {
    return html`<div part="code" role="group" aria-label=${strings.codeLabel}>
      ${Array.from(digits, (digit) => html`<span part="digit">${digit}</span>`)}
    </div>`;
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
    }
  }
}
