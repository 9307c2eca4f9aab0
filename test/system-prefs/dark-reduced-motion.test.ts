import { elementUpdated, expect, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { part } from '../helpers/capture.js';
import { mockEndpoint } from '../helpers/endpoint.js';
import { expectSchemeContrast, renderState } from '../helpers/look.js';
import '../helpers/lit-warnings.js';

// This group runs browsers whose settings ask for a dark scheme, reduced motion and Chinese, as a person's system
// does (web-test-runner.config.mjs, group `system-prefs`): Firefox through its prefs `ui.systemUsesDarkTheme`,
// `ui.prefersReducedMotion` and `intl.accept_languages`, Chromium through `--force-dark-mode`,
// `--force-prefers-reduced-motion` and `--lang`. No emulation: the element meets them as a page does.

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge, .view-harness')) element.remove();
});

describe('<liveness-challenge> under the system’s dark scheme, reduced motion and language', () => {
  it('turns dark, with WCAG AA contrast for the digits, the button and the hint', async () => {
    expect(matchMedia('(prefers-color-scheme: dark)').matches, 'the browser was not set to dark').to.equal(true);
    await expectSchemeContrast('dark');
  });

  it('does not animate the countdown', async () => {
    expect(
      matchMedia('(prefers-reduced-motion: reduce)').matches,
      'the browser was not set to reduced motion',
    ).to.equal(true);
    const host = await renderState({ state: 'countdown', code: '0521', secondsLeft: 3 });
    const countdown = host.shadowRoot!.querySelector('[part="countdown"]')!;
    expect(getComputedStyle(countdown).animationName).to.equal('none');
  });

  it("speaks the browser's language, Chinese here, when neither the element nor the page says one", async () => {
    expect(navigator.language, 'the browser was not set to Chinese').to.match(/^zh/i);
    const pageLang = document.documentElement.getAttribute('lang');
    document.documentElement.removeAttribute('lang');
    try {
      const element = document.createElement('liveness-challenge');
      element.endpoint = mockEndpoint();
      document.body.append(element);
      await oneEvent(element, 'liveness-code');
      await elementUpdated(element);
      expect(part(element, 'start-button')!.textContent).to.equal('开始录制');
      element.remove();
    } finally {
      if (pageLang !== null) document.documentElement.setAttribute('lang', pageLang);
    }
  });
});
