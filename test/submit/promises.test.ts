import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessErrorEvent, LivenessSubmittedEvent } from '../../src/events.js';
import { LivenessChallenge } from '../../src/liveness-challenge.js';
import type { UploadAnswer, UploadRequest } from '../../src/submit/upload.js';
import { createChallenge, delay, part, recordEvents, retakeWithFreshCode } from '../helpers/capture.js';
import { unreachableEndpoint } from '../helpers/endpoint.js';
import { itemAt } from '../helpers/item-at.js';
import '../helpers/lit-warnings.js';

// The README's promises about the upload, each held to what a person or the server would see. The verdicts come
// from the real server handlers against the fake Tencent upstream (demo/verification-loop.ts), the echo endpoint
// (test/helpers/echo-upload.mjs) reads the upload as a server would, and a failing line is a closed port.

async function setOutcome(code: string, outcome: string): Promise<void> {
  const response = await fetch('/mock/verification/outcomes', {
    method: 'POST',
    body: JSON.stringify({ outcomes: [outcome], code }),
  });
  expect(response.status).to.equal(204);
}

async function verificationsOf(code: string): Promise<number> {
  return (await (await fetch('/mock/verification/outcomes')).json()).verifiedCodes[code] ?? 0;
}

function loopChallenge(attributes: Record<string, string> = {}, element?: LivenessChallenge): LivenessChallenge {
  const attributesWithLoop = {
    endpoint: '/api/loop/live-code',
    'submit-endpoint': '/api/loop/liveness',
    'max-duration': '2',
    'min-duration': '1',
    ...attributes,
  };
  if (!element) return createChallenge(attributesWithLoop);
  element.setAttribute('lang', 'en');
  element.setAttribute('countdown', '0');
  element.setAttribute('min-speech-ms', '100');
  for (const [name, value] of Object.entries(attributesWithLoop)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
}

/** Watches each upload the element sends, through its own upload(); only observes. */
function watchUploads(element: LivenessChallenge): Array<{ at: number; request: UploadRequest }> {
  const uploads: Array<{ at: number; request: UploadRequest }> = [];
  const send = element.upload.bind(element);
  element.upload = (request) => {
    uploads.push({ at: performance.now(), request });
    return send(request);
  };
  return uploads;
}

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge, routed-liveness-challenge')) element.remove();
});

describe('<liveness-challenge> upload promises', () => {
  it('sends submitFields, the code, the video and the headers property with the take', async () => {
    const element = loopChallenge({ 'submit-endpoint': '/mock/echo-upload' });
    element.submitFields = { order: '42', note: '中文 ok' };
    element.headers = { 'X-CSRF-Token': 'csrf-abc' };
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-submitted')) as LivenessSubmittedEvent;
    const received = JSON.parse(detail.result.description!);
    expect(received.method).to.equal('POST');
    expect(received.fields).to.include({ order: '42', note: '中文 ok', code });
    expect(received.fields.video.size).to.be.above(1000);
    expect(received.fields.video.name).to.equal(`liveness-${code}.mp4`);
    expect(received.headers['x-csrf-token']).to.equal('csrf-abc');
    expect(received.headers['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('sends through an overridden upload(), whose answer is the verdict (a subclass defined under its own tag)', async () => {
    const requests: UploadRequest[] = [];
    class RoutedChallenge extends LivenessChallenge {
      override async upload(request: UploadRequest): Promise<UploadAnswer> {
        requests.push(request);
        return {
          status: 200,
          body: JSON.stringify({ ok: true, result: { passed: true, sim: 97.5, requestId: 'routed' } }),
        };
      }
    }
    RoutedChallenge.define('routed-liveness-challenge');
    RoutedChallenge.define('routed-liveness-challenge');
    expect(customElements.get('routed-liveness-challenge') === RoutedChallenge).to.equal(true);
    const element = loopChallenge({}, document.createElement('routed-liveness-challenge') as LivenessChallenge);
    expect(element instanceof RoutedChallenge).to.equal(true);
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-submitted')) as LivenessSubmittedEvent;
    expect(detail.result).to.deep.equal({ passed: true, sim: 97.5, requestId: 'routed' });
    expect(requests).to.have.length(1);
    expect(requests[0]?.form.get('code')).to.equal(code);
    expect(requests[0]?.url).to.equal(new URL('/api/loop/liveness', location.href).href);
    // The override replaced the transport: the real endpoint never saw the take.
    expect(await verificationsOf(code)).to.equal(0);
  });

  it('retries a failing upload after 1 s and 3 s with the same key, then keeps the take to send again', async () => {
    const element = loopChallenge({ 'submit-endpoint': `${unreachableEndpoint}/liveness` });
    const uploads = watchUploads(element);
    const events = recordEvents(element, ['liveness-submitted', 'liveness-error']);
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
    expect(detail.reason, 'an unreachable endpoint fails as network').to.equal('network');
    expect(uploads, 'the first try and two retries').to.have.length(3);
    const keys = uploads.map(({ request }) => request.headers['Idempotency-Key']);
    expect(new Set(keys).size, `one Idempotency-Key for the three tries: ${keys.join()}`).to.equal(1);
    // The delays are lower bounds the element promises (no upper bound: a busy machine only makes them longer).
    const sentAt = (index: number) => itemAt(uploads, index, 'an upload').at;
    expect(sentAt(1) - sentAt(0), 'the first retry waits about 1 s').to.be.at.least(950);
    expect(sentAt(2) - sentAt(1), 'the second retry waits about 3 s').to.be.at.least(2950);
    await elementUpdated(element);
    expect(element.state, 'the error state after the last retry').to.equal('error');
    // The line is back (here: the page points at the working endpoint): one click sends the kept take.
    element.submitEndpoint = '/api/loop/liveness';
    const submitted = oneEvent(element, 'liveness-submitted') as Promise<LivenessSubmittedEvent>;
    part(element, 'submit-button')!.click();
    expect((await submitted).detail.code, 'the kept take is verified under its code').to.equal(code);
    expect(uploads, 'one more upload for the click').to.have.length(4);
    expect(uploads[3]?.request.headers['Idempotency-Key'], 'the kept take is sent again under its first key').to.equal(
      keys[0],
    );
    expect(await verificationsOf(code), 'the server verified the code once').to.equal(1);
    expect(
      events.map((event) => event.type),
      'one error, then one verdict',
    ).to.deep.equal(['liveness-error', 'liveness-submitted']);
  });

  it('moves the progress bar from 0 to full while the body goes out, before any verdict', async () => {
    const element = loopChallenge();
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    await setOutcome(code, 'hang');
    element.start();
    await oneEvent(element, 'liveness-complete');
    await elementUpdated(element);
    const bar = part(element, 'upload-progress') as HTMLProgressElement;
    expect(bar.value).to.equal(0);
    await waitUntil(
      () => (part(element, 'upload-progress') as HTMLProgressElement | null)?.value === 1,
      'the bar never filled',
      { interval: 10 },
    );
    expect(element.state).to.equal('uploading');
    element.cancelUpload();
  });

  it('goes from uploading to done when removed mid-upload, firing nothing, and keeps the take', async () => {
    const element = loopChallenge();
    const events = recordEvents(element, ['liveness-submitted', 'liveness-error']);
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    await setOutcome(code, 'hang');
    element.start();
    await waitUntil(() => element.state === 'uploading', 'no upload', { timeout: 15000, interval: 10 });
    element.remove();
    expect(element.state).to.equal('done');
    await delay(300);
    expect(events).to.deep.equal([]);
    document.body.append(element);
    await elementUpdated(element);
    expect(element.state).to.equal('done');
    expect(Boolean(part(element, 'submit-button')), 'a send-again button').to.equal(true);
  });

  it('offers a retake with a fresh code after a verdict that did not pass', async () => {
    const element = loopChallenge();
    const firstCode = (await oneEvent(element, 'liveness-code')).detail.code;
    await setOutcome(firstCode, 'low-sim');
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-submitted')) as LivenessSubmittedEvent;
    expect(detail.result.passed).to.equal(false);
    await elementUpdated(element);
    expect(element.state).to.equal('verified');
    expect(await retakeWithFreshCode(element)).to.not.equal(firstCode);
    element.reset();
  });

  it('offers no retake and no resend after a refusal the person cannot fix, only a fresh start', async () => {
    const element = loopChallenge();
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    // The format itself was refused: reading again cannot fix that.
    await setOutcome(code, 'FailedOperation.LipVideoInvalid');
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
    expect(detail).to.include({ reason: 'rejected', upstreamCode: 'FailedOperation.LipVideoInvalid' });
    await elementUpdated(element);
    // Booleans, not elements: chai's message for a failed match on a rendered element takes minutes to build.
    expect(Boolean(part(element, 'retake-button')), 'a retake button').to.equal(false);
    expect(Boolean(part(element, 'submit-button')), 'a send-again button').to.equal(false);
    expect(Boolean(part(element, 'retry-button')), 'a retry button').to.equal(true);
  });
});
