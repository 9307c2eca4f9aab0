import { html, nothing, type TemplateResult } from 'lit';
import type { View } from './state.js';
import { styleProperty } from './style-property.js';
import { format } from './strings/text.js';
import type { CodeScreenStrings } from './strings/types.js';

export interface CodeViewModel {
  view: View;
  text: CodeScreenStrings;
  codeLength: number;
  actions: { start(): void };
}

type Rendered = TemplateResult | typeof nothing;

/** The pieces of the frame that vary by state. */
export interface ViewParts<Model extends CodeViewModel> {
  stage(model: Model): Rendered;
  timer(model: Model): Rendered;
  hint(model: Model): Rendered;
  buttons(model: Model): Rendered;
  announcement(model: Model): string;
}

/**
 * The one frame every state renders into. The code screen and the full view (`view.ts`, lazy) fill the same
 * template, so loading the latter never replaces the DOM: focus and the live region survive.
 */
export function renderFrame<Model extends CodeViewModel>(model: Model, parts: ViewParts<Model>): TemplateResult {
  return html`
    <div part="base">
      <slot name="heading"></slot>
      ${renderCode(model)} ${parts.stage(model)} ${parts.timer(model)} ${parts.hint(model)}
      <div part="actions">${parts.buttons(model)}<slot name="actions"></slot></div>
      <div class="visually-hidden" role="status" aria-live="polite">${parts.announcement(model)}</div>
    </div>
  `;
}

function renderCode({ view, text, codeLength }: CodeViewModel): Rendered {
  if (view.state === 'idle' || view.state === 'error') return nothing;
  const digits = view.state === 'loading' ? '–'.repeat(codeLength) : view.code;
  // The digits share the element's width: the stylesheet sizes them from their count.
  return html`<div
    part="code"
    role="group"
    aria-label=${text.codeLabel}
    ${styleProperty('--_digits', String(digits.length))}
  >
    ${Array.from(digits, (digit) => html`<span part="digit">${digit}</span>`)}
  </div>`;
}

/** The code screen's parts: idle, loading and ready. Anything else renders nothing here. */
export const codeScreenParts: ViewParts<CodeViewModel> = {
  stage: () => nothing,
  timer: () => nothing,
  hint: ({ view, text }) =>
    view.state === 'ready'
      ? html`<p part="hint">${text.readAloud}</p>
          <slot name="instructions"></slot>`
      : nothing,
  buttons: ({ view, text, actions }) =>
    view.state === 'ready'
      ? html`<button part="button start-button" type="button" @click=${actions.start}>${text.start}</button>`
      : nothing,
  announcement: ({ view, text }) => {
    if (view.state === 'loading') return text.loading;
    if (view.state === 'ready') return format(text.codeAnnouncement, { digits: Array.from(view.code).join(' ') });
    return '';
  },
};
