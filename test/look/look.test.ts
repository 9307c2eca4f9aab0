import { elementUpdated, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { LivenessCompleteEvent } from '../../src/events.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { createChallenge, delay, part } from '../helpers/capture.js';
import { expectSchemeContrast } from '../helpers/look.js';
import { mockEndpoint } from '../helpers/endpoint.js';
import { isFirefox, isWebKit } from '../helpers/engine.js';
import '../helpers/lit-warnings.js';
import { everyState, renderState } from '../helpers/views.js';

// Only Chromium (CDP) emulates media here: Firefox over WebDriver BiDi and WebKit over classic WebDriver cannot, so
// there these tests take the scheme and motion the browser's settings give (see the system-prefs group).
const canEmulateMedia = !isFirefox && !isWebKit;

afterEach(async () => {
  for (const element of document.querySelectorAll('liveness-challenge, .view-harness')) element.remove();
  if (canEmulateMedia) await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
});

describe('<liveness-challenge> look and language', () => {
  describe('accessibility', () => {
    for (const view of everyState) {
      it(`passes the axe audit in the ${view.state} state${'fixableByRetake' in view && view.fixableByRetake ? ' (fixable)' : ''}${'uploadCancelled' in view ? ' (upload cancelled)' : ''}${'result' in view ? ` (passed: ${view.result.passed})` : ''}`, async () => {
        await expect(await renderState(view)).to.be.accessible();
      });
    }

    it('passes the axe audit on the live element while recording and in review', async () => {
      const element = createChallenge({ review: '', 'max-duration': '2', 'min-duration': '1' });
      await oneEvent(element, 'liveness-code');
      element.start();
      await oneEvent(element, 'liveness-start');
      await elementUpdated(element);
      await expect(element).to.be.accessible();
      await waitUntil(() => element.state === 'review', 'no review', { timeout: 15000 });
      await elementUpdated(element);
      await expect(element).to.be.accessible();
    });

    it('runs the whole flow by keyboard alone, focus following the next action', async () => {
      const element = createChallenge({ review: '', 'max-duration': '6', 'min-duration': '1' });
      await oneEvent(element, 'liveness-code');
      await elementUpdated(element);
      part(element, 'start-button')!.focus();
      const started = oneEvent(element, 'liveness-start');
      await sendKeys({ press: 'Enter' });
      await started;
      await waitUntil(
        () => element.shadowRoot!.activeElement === part(element, 'stop-button'),
        'focus did not move to stop',
      );
      await delay(1500);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => element.state === 'review', 'no review', { timeout: 15000 });
      await waitUntil(
        () => element.shadowRoot!.activeElement === part(element, 'retake-button'),
        'focus did not move to retake',
      );
      await sendKeys({ press: 'Tab' });
      expect(element.shadowRoot!.activeElement).to.equal(part(element, 'confirm-button'));
      const completed = oneEvent(element, 'liveness-complete') as Promise<LivenessCompleteEvent>;
      await sendKeys({ press: 'Enter' });
      expect((await completed).detail.code).to.equal(element.code);
    });

    it('shows a visible focus ring on the focused button', async () => {
      const host = await renderState({ state: 'ready', code: '0521' });
      const button = host.shadowRoot!.querySelector<HTMLElement>('[part~="start-button"]')!;
      button.focus();
      await sendKeys({ press: 'Shift' });
      const style = getComputedStyle(button);
      expect(style.outlineStyle).to.equal('solid');
      expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    });

    it('announces state changes once each, not the running timer', async () => {
      const element = createChallenge({ 'max-duration': '5', 'min-duration': '1' });
      await oneEvent(element, 'liveness-code');
      const region = element.shadowRoot!.querySelector('[role="status"]')!;
      const announced: string[] = [];
      new MutationObserver(() => {
        const text = region.textContent!.trim();
        if (text && text !== announced.at(-1)) announced.push(text);
      }).observe(region, { childList: true, subtree: true, characterData: true });
      element.start();
      await oneEvent(element, 'liveness-complete');
      await elementUpdated(element);
      await delay(0);
      // Short-lived states (opening the camera, processing) may be coalesced by the renderer; the rest is exact.
      const essential = ['Recording. Read the digits aloud now.', '3 s left', 'Thank you. Your video is ready.'];
      expect(announced.filter((text) => essential.includes(text))).to.deep.equal(essential);
      expect(announced.length, announced.join(' | ')).to.be.at.most(5);
    });
  });

  describe('themes', () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`gives the digits and buttons WCAG AA contrast in the ${colorScheme} scheme`, async function () {
        if (canEmulateMedia) await emulateMedia({ colorScheme });
        // Firefox: its own scheme here (light); the dark one runs in the system-prefs group (test/system-prefs).
        else if (!matchMedia(`(prefers-color-scheme: ${colorScheme})`).matches) this.skip();
        await expectSchemeContrast(colorScheme);
      });
    }

    it('is restyled through custom properties set on the page', async () => {
      const element = await fixture<LivenessChallenge>(
        html`<liveness-challenge
          lang="en"
          style="--liveness-challenge-accent: rgb(200, 0, 100); --liveness-challenge-digit-size: 40px; --liveness-challenge-background: rgb(1, 2, 3)"
          endpoint=${mockEndpoint({ code: '1234' })}
        ></liveness-challenge>`,
      );
      await oneEvent(element, 'liveness-code');
      await elementUpdated(element);
      expect(getComputedStyle(part(element, 'digit')!).fontSize).to.equal('40px');
      expect(getComputedStyle(part(element, 'digit')!).borderTopColor).to.equal('rgb(200, 0, 100)');
      expect(getComputedStyle(element).backgroundColor).to.equal('rgb(1, 2, 3)');
    });

    it('stops the countdown animation when the person prefers reduced motion', async function () {
      const host = await renderState({ state: 'countdown', code: '0521', secondsLeft: 3 });
      const countdown = host.shadowRoot!.querySelector('[part="countdown"]')!;
      expect(getComputedStyle(countdown).animationName).to.equal('pulse');
      // Firefox: reduced motion is set through its prefs in the system-prefs group (test/system-prefs).
      if (!canEmulateMedia) this.skip();
      await emulateMedia({ reducedMotion: 'reduce' });
      expect(getComputedStyle(countdown).animationName).to.equal('none');
    });
  });

  describe('language and slots', () => {
    it('tells the person to read the digits aloud, slowly, in Chinese and in English', async () => {
      const chinese = createChallenge({ lang: 'zh-CN' });
      const english = createChallenge({ lang: 'en' });
      await Promise.all([oneEvent(chinese, 'liveness-code'), oneEvent(english, 'liveness-code')]);
      await Promise.all([elementUpdated(chinese), elementUpdated(english)]);
      expect(part(chinese, 'hint')!.textContent).to.contain('大声').and.contain('缓慢');
      expect(part(chinese, 'start-button')!.textContent).to.equal('开始录制');
      expect(part(english, 'hint')!.textContent).to.contain('aloud').and.contain('slowly');
    });

    it('lets the page override any text through the strings property', async () => {
      const element = createChallenge({ endpoint: mockEndpoint({ delay: 3000 }), timeout: '200' });
      element.strings = { retry: 'Once more', errors: { timeout: 'The server is asleep.' } };
      const failed = await oneEvent(element, 'liveness-error');
      expect(failed.detail.message).to.equal('The server is asleep.');
      await elementUpdated(element);
      expect(part(element, 'retry-button')!.textContent).to.equal('Once more');
      expect(part(element, 'message')!.textContent).to.contain('The server is asleep.');
    });

    it('shows slotted heading, instructions and actions', async () => {
      const element = await fixture<LivenessChallenge>(
        html`<liveness-challenge lang="en" endpoint=${mockEndpoint()}>
          <h2 slot="heading">Verify it is you</h2>
          <p slot="instructions">Remove your glasses.</p>
          <button slot="actions">Help</button>
        </liveness-challenge>`,
      );
      await oneEvent(element, 'liveness-code');
      await elementUpdated(element);
      for (const name of ['heading', 'instructions', 'actions']) {
        const slot = element.shadowRoot!.querySelector<HTMLSlotElement>(`slot[name="${name}"]`)!;
        expect(slot.assignedElements(), name).to.have.length(1);
        expect(slot.assignedElements()[0]?.getBoundingClientRect().height, name).to.be.above(0);
      }
    });
  });
});
