import { elementUpdated, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import type { LivenessCodeEvent, LivenessErrorEvent } from '../../src/events.js';
import { mockEndpoint, unreachableEndpoint } from '../helpers/endpoint.js';
import '../helpers/lit-warnings.js';

function digitsOf(element: LivenessChallenge): string {
  return Array.from(element.shadowRoot!.querySelectorAll('[part="digit"]'), (digit) => digit.textContent).join('');
}

function messageOf(element: LivenessChallenge): string {
  return element.shadowRoot!.querySelector('[part="message"]')?.textContent ?? '';
}

/** Creates the element unattached, arms the listener, then connects it, so the first event cannot be missed. */
async function connect<T extends Event>(endpoint: string, eventName: string, attributes: Record<string, string> = {}) {
  const element = document.createElement('liveness-challenge');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.endpoint = endpoint;
  const event = oneEvent(element, eventName) as Promise<T>;
  document.body.append(element);
  return { element, event: await event };
}

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

describe('<liveness-challenge> getting the code', () => {
  describe('accepted shapes', () => {
    for (const shape of ['cos', 'cloud', 'legacy', 'signed']) {
      it(`shows the code from a ${shape} answer and announces it`, async () => {
        const { element, event } = await connect<LivenessCodeEvent>(
          mockEndpoint({ shape, code: '0521' }),
          'liveness-code',
        );
        expect(event.detail).to.deep.equal({ code: '0521' });
        await elementUpdated(element);
        expect(element.state).to.equal('ready');
        expect(element.getAttribute('state')).to.equal('ready');
        expect(element.code).to.equal('0521');
        expect(digitsOf(element)).to.equal('0521');
        expect(element.shadowRoot!.querySelectorAll('[part="digit"]')).to.have.length(4);
        expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('0 5 2 1');
      });
    }

    it('performs a signed request that answers in the Cloud API and legacy shapes too', async () => {
      for (const upstream of ['cloud', 'legacy']) {
        const { event } = await connect<LivenessCodeEvent>(
          mockEndpoint({ shape: 'signed', upstream, code: '7788' }),
          'liveness-code',
        );
        expect(event.detail.code).to.equal('7788');
      }
    });

    it('honours code-length', async () => {
      const { element, event } = await connect<LivenessCodeEvent>(
        mockEndpoint({ shape: 'cloud', code: '012345' }),
        'liveness-code',
        {
          'code-length': '6',
        },
      );
      expect(event.detail.code).to.equal('012345');
      await elementUpdated(element);
      expect(digitsOf(element)).to.equal('012345');
    });
  });

  describe('errors', () => {
    const cases: Array<{ name: string; endpoint: string; reason: string; status?: number; upstreamCode?: string }> = [
      { name: 'an unreachable server', endpoint: unreachableEndpoint, reason: 'network' },
      { name: 'HTTP 500', endpoint: mockEndpoint({ shape: 'http-500' }), reason: 'http', status: 500 },
      { name: 'an HTML error page', endpoint: mockEndpoint({ shape: 'html' }), reason: 'http', status: 502 },
      { name: 'malformed XML', endpoint: mockEndpoint({ shape: 'bad-xml' }), reason: 'bad-response' },
      { name: 'malformed JSON', endpoint: mockEndpoint({ shape: 'bad-json' }), reason: 'bad-response' },
      { name: 'a non-digit code', endpoint: mockEndpoint({ shape: 'non-digit' }), reason: 'bad-response' },
      { name: 'a numeric code', endpoint: mockEndpoint({ shape: 'numeric' }), reason: 'bad-response' },
      { name: 'a huge body', endpoint: mockEndpoint({ shape: 'huge' }), reason: 'bad-response' },
      {
        name: 'a signed request answering with another',
        endpoint: mockEndpoint({ shape: 'signed-loop' }),
        reason: 'bad-response',
      },
      {
        name: 'a COS error',
        endpoint: mockEndpoint({ shape: 'cos-error' }),
        reason: 'upstream',
        status: 403,
        upstreamCode: 'SignatureDoesNotMatch',
      },
      {
        name: 'a Cloud API error',
        endpoint: mockEndpoint({ shape: 'cloud-error' }),
        reason: 'upstream',
        upstreamCode: 'UnauthorizedOperation.Nonactivated',
      },
      {
        name: 'a legacy error',
        endpoint: mockEndpoint({ shape: 'legacy-error', error: 15 }),
        reason: 'upstream',
        upstreamCode: '15',
      },
    ];
    for (const { name, endpoint, reason, status, upstreamCode } of cases) {
      it(`reports ${name} as ${reason}, with a message and a retry button`, async () => {
        const { element, event } = await connect<LivenessErrorEvent>(endpoint, 'liveness-error', { lang: 'en' });
        expect(event.detail.reason, `reason ${reason}`).to.equal(reason);
        if (status) expect(event.detail.status, `status ${status}`).to.equal(status);
        // No answer, no status: a network failure must not pass off a made-up one.
        if (reason === 'network') expect(event.detail.status, 'no status without an answer').to.equal(undefined);
        if (upstreamCode) expect(event.detail.upstreamCode, `upstream code ${upstreamCode}`).to.equal(upstreamCode);
        expect(event.detail.message, 'a sentence for the person').to.be.a('string').and.not.be.empty;
        await elementUpdated(element);
        expect(element.state, 'the error state').to.equal('error');
        expect(element.code, 'no code kept').to.equal(undefined);
        expect(digitsOf(element), 'no digits on screen').to.equal('');
        expect(messageOf(element), 'the message on screen').to.contain(event.detail.message);
        expect(element.shadowRoot!.querySelector('[part~="retry-button"]'), 'a retry button').to.exist;
      });
    }

    it('keeps the upstream code and request id for support', async () => {
      const { event } = await connect<LivenessErrorEvent>(mockEndpoint({ shape: 'cos-error' }), 'liveness-error');
      expect(event.detail.requestId).to.match(/^mock-/);
      expect(event.detail.upstreamMessage).to.contain('signature');
    });

    describe('the cause, for support', () => {
      it('names the parse error under a malformed answer', async () => {
        const { event } = await connect<LivenessErrorEvent>(mockEndpoint({ shape: 'bad-json' }), 'liveness-error');
        expect(event.detail.reason).to.equal('bad-response');
        expect(event.detail.cause).to.match(/^LivenessError: .+ ← SyntaxError: ./);
      });

      it('names the fetch failure under a network error', async () => {
        const { event } = await connect<LivenessErrorEvent>(unreachableEndpoint, 'liveness-error');
        expect(event.detail.reason).to.equal('network');
        expect(event.detail.cause).to.match(/^LivenessError: .+ ← TypeError: ./);
      });

      it('carries markup from the answer as text and never renders it', async () => {
        const { element, event } = await connect<LivenessErrorEvent>(
          mockEndpoint({ shape: 'cloud-error', error: 'FailedOperation.Mock', message: '<b>bold</b><img src=x>' }),
          'liveness-error',
          { lang: 'en' },
        );
        expect(event.detail.cause).to.equal(
          'LivenessError: The upstream refused: FailedOperation.Mock <b>bold</b><img src=x>',
        );
        await elementUpdated(element);
        const root = element.shadowRoot!;
        // A boolean, not the element: a failed chai match that prints a rendered element hangs the page.
        expect(root.querySelector('b, img') === null, 'no element made from the cause').to.equal(true);
        expect(root.textContent, 'the cause shown to the person').not.to.contain('bold');
      });
    });

    it('explains a known upstream code in a friendly sentence, in the element language', async () => {
      const english = await connect<LivenessErrorEvent>(
        mockEndpoint({ shape: 'legacy-error', error: 15 }),
        'liveness-error',
        { lang: 'en' },
      );
      expect(english.event.detail.message).to.equal('Too many requests right now. Please wait a moment and try again.');
      const chinese = await connect<LivenessErrorEvent>(
        mockEndpoint({ shape: 'legacy-error', error: 15 }),
        'liveness-error',
        { lang: 'zh-CN' },
      );
      expect(chinese.event.detail.message).to.equal('当前请求过多，请稍候再试。');
      await elementUpdated(chinese.element);
      expect(messageOf(chinese.element)).to.contain('当前请求过多').and.contain('15');
    });

    it('takes the language from the closest [lang] ancestor', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="zh-Hans-CN"></div>`);
      const element = document.createElement('liveness-challenge');
      element.endpoint = mockEndpoint({ shape: 'http-500' });
      const event = oneEvent(element, 'liveness-error');
      wrapper.append(element);
      expect((await event).detail.message).to.equal('服务器返回了错误，请重试。');
    });

    it('fails with timeout when the endpoint answers too late, and does not hang', async () => {
      const { event } = await connect<LivenessErrorEvent>(mockEndpoint({ delay: 5000 }), 'liveness-error', {
        timeout: '300',
      });
      // The mock answers after 5 s: only the element's own deadline can produce this reason first.
      expect(event.detail.reason).to.equal('timeout');
    });

    it('fetches a new code when retry is clicked', async () => {
      let calls = 0;
      const element = document.createElement('liveness-challenge');
      // Only counts the requests: the mock endpoint itself answers the first one with 503, as a busy proxy does.
      element.fetch = (input, init) => {
        calls += 1;
        return globalThis.fetch(input, init);
      };
      element.endpoint = mockEndpoint({ code: '2468', 'fail-once': crypto.randomUUID() });
      const failed = oneEvent(element, 'liveness-error') as Promise<LivenessErrorEvent>;
      document.body.append(element);
      expect((await failed).detail).to.include({ reason: 'http', status: 503 });
      await elementUpdated(element);
      const code = oneEvent(element, 'liveness-code');
      element.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
      expect((await code).detail.code).to.equal('2468');
      expect(calls).to.equal(2);
    });
  });

  describe('requests', () => {
    it('sends the headers property and the method', async () => {
      const element = document.createElement('liveness-challenge');
      element.headers = { 'X-CSRF-Token': 'abc' };
      element.method = 'POST';
      element.endpoint = mockEndpoint({
        shape: 'cloud',
        code: '4826',
        'require-header': 'x-csrf-token:abc',
        'require-method': 'POST',
      });
      const event = oneEvent(element, 'liveness-code');
      document.body.append(element);
      expect((await event).detail.code).to.equal('4826');
    });

    // A GET answered with `Cache-Control: public, max-age=3600`: the browser would serve the second and third
    // requests from its cache (POSTs it never caches), so only the element's `cache: 'no-store'` gets fresh codes.
    it('never reuses a cached answer', async () => {
      const element = document.createElement('liveness-challenge');
      element.endpoint = mockEndpoint({ sequence: 1, cacheable: 1 });
      const codes: string[] = [];
      element.addEventListener('liveness-code', (event) => codes.push(event.detail.code));
      element.addEventListener('liveness-error', (event) => codes.push(`error ${event.detail.upstreamCode}`));
      document.body.append(element);
      await waitUntil(() => codes.length === 1, 'no first code');
      element.reset();
      await waitUntil(() => codes.length === 2, 'no second code');
      element.reset();
      await waitUntil(() => codes.length === 3, 'no third code');
      expect(
        codes.every((code) => /^\d{4}$/.test(code)),
        codes.join(),
      ).to.equal(true);
      expect(new Set(codes).size).to.equal(3);
    });

    it('aborts the request when removed, and fires nothing afterwards', async () => {
      const element = document.createElement('liveness-challenge');
      const events: string[] = [];
      for (const type of ['liveness-code', 'liveness-error']) element.addEventListener(type, () => events.push(type));
      element.endpoint = mockEndpoint({ delay: 200 });
      document.body.append(element);
      await elementUpdated(element);
      expect(element.state).to.equal('loading');
      element.remove();
      // Twice the time the answer takes.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(events).to.deep.equal([]);
    });

    it('fetches again when reconnected after an aborted request', async () => {
      const element = document.createElement('liveness-challenge');
      element.endpoint = mockEndpoint({ delay: 300, code: '1357' });
      document.body.append(element);
      await elementUpdated(element);
      element.remove();
      const code = oneEvent(element, 'liveness-code');
      document.body.append(element);
      expect((await code).detail.code).to.equal('1357');
    });

    it('shows only the newest code when the endpoint changes mid-request', async () => {
      const element = document.createElement('liveness-challenge');
      const codes: string[] = [];
      element.addEventListener('liveness-code', (event) => codes.push(event.detail.code));
      element.endpoint = mockEndpoint({ delay: 600, code: '1111' });
      document.body.append(element);
      await elementUpdated(element);
      element.endpoint = mockEndpoint({ code: '2222' });
      await waitUntil(() => codes.length > 0, 'no code');
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(codes).to.deep.equal(['2222']);
      expect(digitsOf(element)).to.equal('2222');
    });

    it('goes idle, without a request, when the endpoint is cleared', async () => {
      const { element } = await connect<LivenessCodeEvent>(mockEndpoint(), 'liveness-code');
      element.endpoint = '';
      await elementUpdated(element);
      expect(element.state).to.equal('idle');
      expect(digitsOf(element)).to.equal('');
    });
  });

  describe('rendering is text, never markup', () => {
    it('shows an upstream code carrying markup as text', async () => {
      const hostile = '<img src=x onerror="window.__pwned=1">';
      const { element, event } = await connect<LivenessErrorEvent>(
        mockEndpoint({ shape: 'cloud-error', error: hostile, message: '<b>x</b>' }),
        'liveness-error',
        {
          lang: 'en',
        },
      );
      expect(event.detail.upstreamCode).to.equal(hostile);
      await elementUpdated(element);
      expect(element.shadowRoot!.querySelector('img, b')).to.equal(null);
      expect(messageOf(element)).to.contain(hostile);
      expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    });

    it('refuses a code carrying markup instead of rendering it', async () => {
      const { element, event } = await connect<LivenessErrorEvent>(
        mockEndpoint({ shape: 'non-digit', code: '<i>1</i>' }),
        'liveness-error',
      );
      expect(event.detail.reason).to.equal('bad-response');
      await elementUpdated(element);
      expect(element.shadowRoot!.querySelector('i')).to.equal(null);
    });
  });

  describe('accessibility', () => {
    it('passes the axe audit while loading, ready and in error', async () => {
      const loading = await fixture<LivenessChallenge>(
        html`<liveness-challenge lang="en" endpoint=${mockEndpoint({ delay: 2000 })}></liveness-challenge>`,
      );
      expect(loading.state).to.equal('loading');
      await expect(loading).to.be.accessible();

      const { element: ready } = await connect<LivenessCodeEvent>(mockEndpoint(), 'liveness-code', { lang: 'en' });
      await elementUpdated(ready);
      await expect(ready).to.be.accessible();

      const { element: failed } = await connect<LivenessErrorEvent>(
        mockEndpoint({ shape: 'http-500' }),
        'liveness-error',
        { lang: 'en' },
      );
      await elementUpdated(failed);
      await expect(failed).to.be.accessible();
    });
  });
});
