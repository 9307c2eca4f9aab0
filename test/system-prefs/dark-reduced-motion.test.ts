import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { expectSchemeContrast, renderState } from '../helpers/look.js';
import '../helpers/lit-warnings.js';

// This group runs browsers whose settings ask for a dark scheme and reduced motion, as a person's system does
// (web-test-runner.config.mjs, group `system-prefs`): Firefox through its prefs `ui.systemUsesDarkTheme` and
// `ui.prefersReducedMotion`, Chromium through `--force-dark-mode` and `--force-prefers-reduced-motion`. No media
// emulation: the element meets the media queries as a page does.

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge, .view-harness')) element.remove();
});

describe('<liveness-challenge> under the system’s dark scheme and reduced motion', () => {
  it('turns dark, with WCAG AA contrast for the digits, the button and the hint', async () => {
    expect(matchMedia('(prefers-color-scheme: dark)').matches, 'the browser was not set to dark').to.equal(true);
    await expectSchemeContrast('dark');
  });

  it('does not animate the countdown', async () => {
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches, 'the browser was not set to reduced motion').to.equal(true);
    const host = await renderState({ state: 'countdown', code: '0521', secondsLeft: 3 });
    const countdown = host.shadowRoot!.querySelector('[part="countdown"]')!;
    expect(getComputedStyle(countdown).animationName).to.equal('none');
  });
});
