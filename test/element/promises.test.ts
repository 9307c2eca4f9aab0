import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessCompleteEvent, LivenessErrorEvent } from '../../src/events.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { createChallenge, liveTracks, part, readyChallenge } from '../helpers/capture.js';
import { mockEndpoint } from '../helpers/endpoint.js';
import { takeDurationRange } from '../helpers/engine.js';
import '../helpers/lit-warnings.js';

// The README's promises about the element that no other test held it to.

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
  for (const host of document.querySelectorAll('.shadow-host')) host.remove();
});

describe('<liveness-challenge> promises', () => {
  it('sends cookies to the signing endpoint unless credentials says omit', async () => {
    document.cookie = 'liveness-session=1; path=/; SameSite=Strict';
    try {
      const endpoint = mockEndpoint({ code: '8642', 'require-cookie': 'liveness-session' });
      const withCookies = createChallenge({ endpoint });
      expect((await oneEvent(withCookies, 'liveness-code')).detail.code).to.equal('8642');
      const without = createChallenge({ endpoint, credentials: 'omit' });
      const { detail } = (await oneEvent(without, 'liveness-error')) as LivenessErrorEvent;
      expect(detail).to.include({ reason: 'upstream', upstreamCode: 'AccessDenied', status: 403 });
    } finally {
      document.cookie = 'liveness-session=; path=/; max-age=0';
    }
  });

  it('fires every event bubbling and composed, so a page hears it through shadow roots', async () => {
    const host = document.createElement('div');
    host.className = 'shadow-host';
    const root = host.attachShadow({ mode: 'open' });
    document.body.append(host);
    const heard: Array<{
      type: string;
      bubbles: boolean;
      composed: boolean;
      fromElement: boolean;
      retargeted: boolean;
    }> = [];
    const types = ['liveness-code', 'liveness-start', 'liveness-complete', 'liveness-submitted', 'liveness-error'];
    // Read while the event is dispatched: afterwards its path is empty.
    const listener = (event: Event) =>
      heard.push({
        type: event.type,
        bubbles: event.bubbles,
        composed: event.composed,
        fromElement: event.composedPath()[0] === element,
        retargeted: event.target === host,
      });
    let element!: LivenessChallenge;
    for (const type of types) document.addEventListener(type, listener);
    try {
      element = document.createElement('liveness-challenge');
      for (const [name, value] of Object.entries({
        lang: 'en',
        countdown: '0',
        'min-speech-ms': '100',
        'max-duration': '2',
        'min-duration': '1',
      })) {
        element.setAttribute(name, value);
      }
      element.endpoint = mockEndpoint();
      element.submitEndpoint = '/mock/echo-upload';
      root.append(element);
      await oneEvent(element, 'liveness-code');
      element.start();
      await oneEvent(element, 'liveness-submitted');
      element.endpoint = mockEndpoint({ shape: 'http-500' });
      await oneEvent(element, 'liveness-error');
      // Heard on the document, through the host's shadow root, each from the element and seen as from the host.
      expect(heard).to.deep.equal(
        types.map((type) => ({ type, bubbles: true, composed: true, fromElement: true, retargeted: true })),
      );
    } finally {
      for (const type of types) document.removeEventListener(type, listener);
    }
  });

  it("speaks the browser's language when neither the element nor the page says one", async () => {
    const pageLang = document.documentElement.getAttribute('lang');
    document.documentElement.removeAttribute('lang');
    try {
      const element = document.createElement('liveness-challenge');
      element.endpoint = mockEndpoint();
      document.body.append(element);
      await oneEvent(element, 'liveness-code');
      await elementUpdated(element);
      // This group's browsers speak English (the system-prefs group runs this in Chinese browsers).
      const chinese = navigator.language.toLowerCase().startsWith('zh');
      expect(part(element, 'start-button')!.textContent).to.equal(chinese ? '开始录制' : 'Start recording');
    } finally {
      if (pageLang !== null) document.documentElement.setAttribute('lang', pageLang);
    }
  });

  it('lets strings.upstream override the sentence for an upstream code, in either language', async () => {
    for (const [lang, sentence] of [
      ['en', 'Our partner is busy, try again in a minute.'],
      ['zh-CN', '合作方繁忙，请一分钟后再试。'],
    ] as const) {
      const element = document.createElement('liveness-challenge');
      element.lang = lang;
      element.strings = { upstream: { '15': sentence } };
      element.endpoint = mockEndpoint({ shape: 'legacy-error', error: 15 });
      const failed = oneEvent(element, 'liveness-error') as Promise<LivenessErrorEvent>;
      document.body.append(element);
      expect((await failed).detail.message).to.equal(sentence);
      await elementUpdated(element);
      expect(part(element, 'message')!.textContent).to.contain(sentence);
    }
  });

  it('with code-ttl=0 records on the code on screen, however old, without fetching another', async () => {
    const { element, events } = await readyChallenge({ 'code-ttl': '0' });
    const shown = element.code;
    const started = (await Promise.all([oneEvent(element, 'liveness-start'), Promise.resolve(element.start())]))[0];
    expect(started.detail.code).to.equal(shown);
    expect(events.filter((event) => event.type === 'liveness-code')).to.have.length(1);
  });

  it('keeps the same code after pagehide, with the camera released', async () => {
    const { element, streams, events } = await readyChallenge({ countdown: '3' });
    const shown = element.code;
    element.start();
    await waitUntil(() => element.state === 'countdown', 'no countdown');
    // Leaving the page is what fires pagehide; the test page cannot leave, so it fires the event a browser would.
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await elementUpdated(element);
    expect(element.state).to.equal('ready');
    expect(element.code).to.equal(shown);
    expect(liveTracks(streams)).to.deep.equal([]);
    // Back from the cache: the same code records.
    const started = oneEvent(element, 'liveness-start');
    element.start();
    expect((await started).detail.code).to.equal(shown);
    expect(events.filter((event) => event.type === 'liveness-code')).to.have.length(1);
  });

  it('fits a full take of the default 8 s into the default max-bytes', async function () {
    this.timeout(60000);
    const element = createChallenge({ 'min-duration': '1' });
    element.removeAttribute('max-duration');
    element.removeAttribute('max-bytes');
    expect(element.maxDuration).to.equal(8);
    await oneEvent(element, 'liveness-code');
    const outcome = Promise.race([oneEvent(element, 'liveness-complete'), oneEvent(element, 'liveness-error')]);
    element.start();
    const event = (await outcome) as LivenessCompleteEvent;
    expect(event.type, JSON.stringify(event.detail)).to.equal('liveness-complete');
    // WebKit's mock devices fall behind real time on a loaded machine (test/helpers/engine.ts): a looser lower bound.
    expect(event.detail.durationMs).to.be.at.least(takeDurationRange(8000)[0]);
    expect(element.maxBytes).to.equal(6_000_000);
    expect(event.detail.size).to.be.at.most(element.maxBytes);
    console.log(
      `[full take] ${navigator.userAgent}: ${event.detail.mimeType}, ${event.detail.durationMs} ms, ${event.detail.size} bytes`,
    );
  });
});
