import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessLanguage } from '../../src/strings/index.js';
import { createChallenge } from '../helpers/capture.js';
import {
  axeViolations,
  becomePhone,
  digitInkHeight,
  layoutProblems,
  phoneDocument,
  PHONES,
  smallestButton,
} from '../helpers/layout.js';
import '../helpers/lit-warnings.js';
import { everyState, renderState, variantName } from '../helpers/views.js';

const LANGUAGES: LivenessLanguage[] = ['zh-CN', 'en'];

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge, .view-harness, .sized')) element.remove();
  for (const frame of document.querySelectorAll('iframe'))
    frame.contentDocument?.querySelectorAll('.view-harness').forEach((host) => host.remove());
});

/** Back to the desktop page: emulation off, phone frames gone. */
async function leavePhone(): Promise<void> {
  for (const frame of document.querySelectorAll('.phone-frame')) frame.remove();
  await becomePhone(null);
}

after(leavePhone);

/** axe on the page, or the phone frame's own axe (WebKit). */
async function expectAccessible(host: HTMLElement): Promise<void> {
  if (host.ownerDocument === document) await expect(host).to.be.accessible();
  else expect(await axeViolations(host)).to.deep.equal([]);
}

/** A box of a given width on the page, for an element placed in a column narrower than the screen. */
function sizedBox(width: number): HTMLElement {
  const box = document.createElement('div');
  box.className = 'sized';
  box.style.width = `${width}px`;
  document.body.append(box);
  return box;
}

for (const phone of PHONES) {
  describe(`<liveness-challenge> on a ${phone.width} px phone`, () => {
    let screen: Document;
    before(async () => {
      screen = await phoneDocument(phone);
      // The emulation really applies: the page is laid out at the phone's width, not at a desktop's.
      expect(screen.documentElement.clientWidth).to.equal(phone.width);
    });
    after(leavePhone);

    for (const lang of LANGUAGES) {
      for (const view of everyState) {
        it(`fits and passes axe in ${lang}, ${variantName(view)}`, async () => {
          const host = await renderState(view, { lang, parent: screen.body });
          await elementUpdated(host);
          expect(layoutProblems(host)).to.deep.equal([]);
          await expectAccessible(host);
        });
      }
    }

    it('fits the live element while it records', async function () {
      // In a phone frame (WebKit) the element is not defined: the frame has its own registry. The pure view above
      // covers every state there.
      if (screen !== document) this.skip();
      const element = createChallenge({ 'max-duration': '8', 'min-duration': '1' });
      await oneEvent(element, 'liveness-code');
      element.start();
      await oneEvent(element, 'liveness-start');
      await elementUpdated(element);
      expect(layoutProblems(element)).to.deep.equal([]);
      await expect(element).to.be.accessible();
      element.remove();
    });
  });
}

describe('<liveness-challenge> digits and buttons at phone sizes', () => {
  after(leavePhone);

  it('draws digits at least 32 px tall and buttons at least 44x44 px on a 320 px phone, in both languages', async () => {
    const screen = await phoneDocument(PHONES[0]);
    for (const lang of LANGUAGES) {
      const ready = await renderState({ state: 'ready', code: '0521' }, { lang, parent: screen.body });
      const digit = ready.shadowRoot!.querySelector<HTMLElement>('[part="digit"]')!;
      const ink = digitInkHeight(digit);
      const box = digit.getBoundingClientRect();
      const fontSize = digit.ownerDocument.defaultView!.getComputedStyle(digit).fontSize;
      ready.remove();
      let smallest = { width: Infinity, height: Infinity, state: '' };
      for (const view of everyState) {
        const host = await renderState(view, { lang, parent: screen.body });
        if (host.shadowRoot!.querySelector('[part~="button"]')) {
          const button = smallestButton(host);
          if (button.width * button.height < smallest.width * smallest.height)
            smallest = { ...button, state: variantName(view) };
        }
        host.remove();
      }
      // The figures the README quotes.
      console.log(
        `320 px, ${lang}: digit ink ${ink.toFixed(1)} px, font ${fontSize}, box ${box.width.toFixed(1)}x${box.height.toFixed(1)}; smallest button ${smallest.width.toFixed(1)}x${smallest.height.toFixed(1)} (${smallest.state})`,
      );
      expect(ink, lang).to.be.at.least(32);
      expect(smallest.width, lang).to.be.at.least(44);
      expect(smallest.height, lang).to.be.at.least(44);
    }
  });

  it("sizes the digits from the element's width, not the screen's", async () => {
    await leavePhone();
    const narrow = await renderState({ state: 'ready', code: '0521' }, { parent: sizedBox(220) });
    const wider = await renderState({ state: 'ready', code: '0521' }, { parent: sizedBox(280) });
    const size = (host: HTMLElement) =>
      parseFloat(getComputedStyle(host.shadowRoot!.querySelector('[part="digit"]')!).fontSize);
    // Same screen, two columns: the digits follow the column, in proportion to the width they share.
    expect(size(narrow)).to.be.below(size(wider));
    const share = (host: HTMLElement) =>
      parseFloat(getComputedStyle(host).width) - 2 * parseFloat(getComputedStyle(host).paddingLeft);
    expect(size(narrow) / size(wider)).to.be.closeTo((share(narrow) - 24) / (share(wider) - 24), 0.01);
    expect(layoutProblems(narrow)).to.deep.equal([]);
    expect(layoutProblems(wider)).to.deep.equal([]);
  });

  it('follows the video when its shape changes mid-take, as a phone turned upright does', async () => {
    // A canvas stream stands in for the camera: its frames change shape when the canvas does, with no new render
    // of the view (the settings it read are stale by then).
    const canvas = document.createElement('canvas');
    canvas.width = 600;
    canvas.height = 300;
    const context = canvas.getContext('2d')!;
    const paint = setInterval(() => context.fillRect(0, 0, Math.random() * canvas.width, canvas.height), 50);
    const stream = canvas.captureStream(20);
    try {
      const host = await renderState(
        { state: 'recording', code: '0521', elapsedMs: 1200, tooShort: false },
        { stream, parent: sizedBox(320) },
      );
      const stage = host.shadowRoot!.querySelector<HTMLElement>('[part="stage"]')!;
      const shape = () => stage.getBoundingClientRect().width / stage.getBoundingClientRect().height;
      await waitUntil(() => Math.abs(shape() - 2) < 0.01, `the stage is not 2:1 but ${shape()}`);
      canvas.width = 300;
      canvas.height = 600;
      await waitUntil(() => Math.abs(shape() - 0.5) < 0.01, `the stage stayed at ${shape()}, not 1:2`);
    } finally {
      clearInterval(paint);
      for (const track of stream.getTracks()) track.stop();
    }
  });

  it('fits a six-digit code in a 320 px column', async () => {
    const host = await renderState({ state: 'ready', code: '052173' }, { parent: sizedBox(320) });
    expect(host.shadowRoot!.querySelectorAll('[part="digit"]')).to.have.length(6);
    expect(layoutProblems(host)).to.deep.equal([]);
  });

  it('keeps the page-set digit size as the largest the digits get', async () => {
    const box = sizedBox(600);
    box.style.setProperty('--liveness-challenge-digit-size', '40px');
    const wide = await renderState({ state: 'ready', code: '0521' }, { parent: box });
    expect(getComputedStyle(wide.shadowRoot!.querySelector('[part="digit"]')!).fontSize).to.equal('40px');
  });
});
