import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessErrorEvent, LivenessSubmittedEvent } from '../../src/events.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { createChallenge, delay, part, recordEvents, retakeWithFreshCode } from '../helpers/capture.js';
import { isWebKit } from '../helpers/engine.js';
import '../helpers/lit-warnings.js';

// The test server runs the real liveness-challenge/server handlers against the fake Tencent upstream
// (demo/verification-loop.ts, mounted in web-test-runner.config.mjs); this knob queues its next verdicts.
// Outcomes are set per code: Chromium and Firefox run these tests at the same time against the same upstream.
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

function loopChallenge(attributes: Record<string, string> = {}): LivenessChallenge {
  return createChallenge({
    endpoint: '/api/loop/live-code',
    'submit-endpoint': '/api/loop/liveness',
    'max-duration': '2',
    'min-duration': '1',
    ...attributes,
  });
}

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

describe('<liveness-challenge> submitting the take', () => {
  it('uploads a final take with visible progress and shows the verdict', async () => {
    const element = loopChallenge();
    const events = recordEvents(element, ['liveness-complete', 'liveness-submitted', 'liveness-error']);
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    element.start();
    await waitUntil(() => element.state === 'uploading', 'no upload', { timeout: 15000, interval: 10 });
    await elementUpdated(element);
    expect(part(element, 'upload-progress')).to.exist;
    expect(part(element, 'cancel-button')).to.exist;
    const { detail } = (await oneEvent(element, 'liveness-submitted')) as LivenessSubmittedEvent;
    expect(detail.code).to.equal(code);
    expect(detail.result.passed).to.equal(true);
    expect(detail.result.sim).to.be.a('number');
    expect(events.map((event) => event.type)).to.deep.equal(['liveness-complete', 'liveness-submitted']);
    await elementUpdated(element);
    expect(element.state).to.equal('verified');
    expect(part(element, 'hint')!.textContent).to.contain('Verified');
  });

  const fixable: Array<[string, string]> = [
    ['FailedOperation.LipVoiceDetect', 'could not hear you'],
    ['FailedOperation.LipVoiceRecognize', 'not recognised'],
    ['FailedOperation.LipMoveSmall', 'lips barely moved'],
    ['FailedOperation.LipFaceIncomplete', 'whole face'],
    ['FailedOperation.LipVideoQuaility', 'resolution was too low'],
  ];
  for (const [upstreamCode, advice] of fixable) {
    it(`explains ${upstreamCode} and retakes with a fresh code in one click`, async () => {
      const element = loopChallenge();
      const firstCode = (await oneEvent(element, 'liveness-code')).detail.code;
      await setOutcome(firstCode, upstreamCode);
      element.start();
      const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
      expect(detail).to.include({ reason: 'rejected', upstreamCode });
      expect(detail.message).to.contain(advice);
      await elementUpdated(element);
      expect(part(element, 'message')!.textContent).to.contain(advice);
      expect(await retakeWithFreshCode(element)).to.not.equal(firstCode);
      element.reset();
    });
  }

  it('explains the failure in Chinese too', async () => {
    const element = loopChallenge({ lang: 'zh-CN' });
    await setOutcome((await oneEvent(element, 'liveness-code')).detail.code, 'FailedOperation.LipVoiceLow');
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
    expect(detail.message).to.equal('您的声音太小，请大声一些后重试。');
  });

  it('cancels an upload: nothing is submitted, the take is kept to send again or replace', async () => {
    const element = loopChallenge();
    const events = recordEvents(element, ['liveness-submitted', 'liveness-error']);
    await setOutcome((await oneEvent(element, 'liveness-code')).detail.code, 'hang');
    element.start();
    await waitUntil(() => element.state === 'uploading', 'no upload', { timeout: 15000, interval: 10 });
    await delay(300);
    await elementUpdated(element);
    part(element, 'cancel-button')!.click();
    await waitUntil(() => element.state === 'done', 'the cancel did not land');
    await elementUpdated(element);
    expect(part(element, 'submit-button')).to.exist;
    expect(part(element, 'retake-button')).to.exist;
    await delay(300);
    expect(events).to.deep.equal([]);
  });

  // The route (test/middleware/flaky-upload.mjs) lets the real handler verify the take, then destroys the socket
  // instead of sending its answer, and refuses any upload without an Idempotency-Key.
  it('retries an upload whose answer was lost with the same key, and the server verifies it once', async function () {
    this.timeout(30_000);
    const element = loopChallenge({ 'submit-endpoint': '/api/loop/liveness-flaky' });
    const events = recordEvents(element, ['liveness-submitted', 'liveness-error']);
    // Observes each upload the element makes; the real XMLHttpRequest upload still runs.
    const sent: Array<{ key: string | undefined; outcome?: string }> = [];
    const upload = element.upload.bind(element);
    element.upload = async (request) => {
      const attempt: { key: string | undefined; outcome?: string } = { key: request.headers['Idempotency-Key'] };
      sent.push(attempt);
      try {
        const answer = await upload(request);
        attempt.outcome = `HTTP ${answer.status}`;
        return answer;
      } catch (error) {
        attempt.outcome = (error as { reason?: string }).reason ?? String(error);
        throw error;
      }
    };
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    element.start();
    await waitUntil(() => events.length > 0, 'no verdict', { timeout: 20000 });
    await delay(100);
    expect(events.map((event) => `${event.type} ${event.detail.reason ?? ''}`.trim())).to.deep.equal([
      'liveness-submitted',
    ]);
    expect((events[0] as LivenessSubmittedEvent).detail.result.passed).to.equal(true);
    expect(sent.map(({ outcome }) => outcome)).to.deep.equal(['network', 'HTTP 200']);
    const key = sent[0]?.key;
    expect(key).to.be.a('string').and.not.be.empty;
    expect(sent[1]?.key).to.equal(key);
    const { attempts } = await (
      await fetch(`/api/loop/liveness-flaky/attempts?key=${encodeURIComponent(key!)}`)
    ).json();
    // The first answer was written (the verification ran) and lost; the second came from the handler's cache.
    expect(attempts).to.deep.equal([
      { dropped: true, handlerStatus: 200, replayed: false },
      { dropped: false, handlerStatus: 200, replayed: true },
    ]);
    expect(await verificationsOf(code)).to.equal(1);
  });

  it('refuses a code the server never issued, offering a retake with a fresh one', async () => {
    const element = loopChallenge({ endpoint: '/mock/code?shape=cloud' });
    await oneEvent(element, 'liveness-code');
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
    expect(detail).to.include({ reason: 'rejected', upstreamCode: 'stale-code' });
    await elementUpdated(element);
    expect(part(element, 'retake-button')).to.exist;
  });

  // WebKit records MP4 only (MediaRecorder refuses every WebM type, as Safari does): a WebM take cannot be made
  // there, so the server's refusal of one is shown in Chromium and Firefox.
  (isWebKit ? it.skip : it)('refuses a WebM take before any verification', async () => {
    const element = loopChallenge({ 'mime-type': 'video/webm;codecs=vp8,opus' });
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
    expect(detail).to.include({ reason: 'rejected', upstreamCode: 'unsupported-container' });
    expect(await verificationsOf(code)).to.equal(0);
  });
});
