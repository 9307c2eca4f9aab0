import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessErrorEvent } from '../../src/events.js';
import {
  createChallenge,
  delay,
  liveTracks,
  part,
  readyChallenge,
  recordEvents,
  watchStreams,
} from '../helpers/capture.js';
import { itemAt } from '../helpers/item-at.js';
import '../helpers/lit-warnings.js';

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

async function failureOf(element: HTMLElement & { start(): void }): Promise<LivenessErrorEvent['detail']> {
  await oneEvent(element, 'liveness-code');
  const failed = oneEvent(element, 'liveness-error') as Promise<LivenessErrorEvent>;
  element.start();
  return (await failed).detail;
}

describe('<liveness-challenge> capture faults', () => {
  // The fake-device browsers always have a free camera: a missing or busy one can only be injected. A refusal is
  // real in the permission-denied group (test/denied), so it is not injected here.
  for (const [name, reason] of [
    ['NotFoundError', 'no-device'],
    ['OverconstrainedError', 'no-device'],
    ['NotReadableError', 'device-busy'],
  ] as const) {
    it(`reports getUserMedia's ${name} as ${reason}, with advice and a way to retry`, async () => {
      const element = createChallenge();
      element.getUserMedia = () => Promise.reject(new DOMException('injected', name));
      const detail = await failureOf(element);
      expect(detail.reason).to.equal(reason);
      expect(detail.message).to.be.a('string').and.not.be.empty;
      await elementUpdated(element);
      expect(part(element, 'message')!.textContent).to.contain(detail.message);
      const nextCode = oneEvent(element, 'liveness-code');
      part(element, 'retry-button')!.click();
      await nextCode;
      expect(element.state).to.equal('ready');
    });
  }

  it('reports a track that ends mid-take as interrupted, and emits no file', async () => {
    const { element, streams, events } = await readyChallenge({ 'max-duration': '2' });
    element.start();
    await oneEvent(element, 'liveness-start');
    await delay(500);
    // Unplugging cannot be done here; another script stopping the track ends it just as really.
    itemAt(itemAt(streams, 0, 'a stream').getVideoTracks(), 0, 'a video track').stop();
    const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
    expect(detail.reason).to.equal('interrupted');
    expect(liveTracks(streams)).to.deep.equal([]);
    // Past the max-duration at which a take that ignored the ended track would complete.
    await delay(2000);
    expect(events.map((event) => event.type)).to.not.include('liveness-complete');
  });

  it('reports a microphone that ends during the countdown as interrupted', async () => {
    const element = createChallenge({ countdown: '3' });
    const streams = watchStreams(element);
    await oneEvent(element, 'liveness-code');
    const failed = oneEvent(element, 'liveness-error') as Promise<LivenessErrorEvent>;
    element.start();
    await waitUntil(() => element.state === 'countdown', 'no countdown');
    itemAt(itemAt(streams, 0, 'a stream').getAudioTracks(), 0, 'an audio track').stop();
    expect((await failed).detail.reason).to.equal('interrupted');
    expect(liveTracks(streams)).to.deep.equal([]);
  });

  it('reports an encoder failure mid-take as recording-failed', async () => {
    // No real encoder can be made to fail on demand: this MediaRecorder records for real, then reports an error.
    class FailingMediaRecorder extends MediaRecorder {
      override start(timeslice?: number) {
        super.start(timeslice);
        setTimeout(
          () => this.dispatchEvent(new ErrorEvent('error', { error: new DOMException('injected', 'UnknownError') })),
          500,
        );
      }
    }
    // Any type this engine's MediaRecorder writes (WebKit writes MP4 only; Firefox's MP4 goes through WebCodecs).
    const recordable = ['video/webm;codecs=vp8,opus', 'video/mp4'].find((type) => MediaRecorder.isTypeSupported(type))!;
    const element = createChallenge({ 'mime-type': recordable, 'min-duration': '1' });
    const streams = watchStreams(element);
    element.mediaRecorderClass = FailingMediaRecorder;
    const detail = await failureOf(element);
    expect(detail.reason).to.equal('recording-failed');
    expect(liveTracks(streams)).to.deep.equal([]);
  });

  it('reports a browser that cannot record the forced type as unsupported, and releases the camera', async () => {
    const element = createChallenge({ 'mime-type': 'video/x-no-such-type' });
    const streams = watchStreams(element);
    const detail = await failureOf(element);
    expect(detail.reason).to.equal('unsupported');
    expect(liveTracks(streams)).to.deep.equal([]);
  });

  it('reports a browser without MediaRecorder or WebCodecs route as unsupported', async () => {
    const element = createChallenge({ 'mime-type': 'video/mp4;codecs=avc1,opus' });
    element.mediaRecorderClass = undefined;
    expect((await failureOf(element)).reason).to.equal('unsupported');
  });

  it('replaces a code older than code-ttl before the take starts', async () => {
    const element = createChallenge({ 'code-ttl': '1', 'max-duration': '2', 'min-duration': '1' });
    const oldCode = (await oneEvent(element, 'liveness-code')).detail.code;
    await delay(1200);
    const events = recordEvents(element);
    element.start();
    const start = (await oneEvent(element, 'liveness-start')) as CustomEvent<{ code: string }>;
    const fresh = itemAt(events, 0, 'an event');
    expect(fresh.type).to.equal('liveness-code');
    expect(fresh.detail.code).to.not.equal(oldCode);
    expect(start.detail.code).to.equal(fresh.detail.code);
  });

  it('keeps a code younger than code-ttl', async () => {
    const element = createChallenge({ 'code-ttl': '60', 'max-duration': '2', 'min-duration': '1' });
    const code = (await oneEvent(element, 'liveness-code')).detail.code;
    element.start();
    const start = (await oneEvent(element, 'liveness-start')) as CustomEvent<{ code: string }>;
    expect(start.detail.code).to.equal(code);
  });

  it('ends a take as interrupted when the tab is hidden, with nothing half-written emitted', async () => {
    const { element, streams, events } = await readyChallenge({ 'max-duration': '4' });
    element.start();
    await oneEvent(element, 'liveness-start');
    // Headless browsers keep their one tab visible: the hidden state is set on the document for this test only.
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
      expect(detail.reason).to.equal('interrupted');
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    expect(liveTracks(streams)).to.deep.equal([]);
    await delay(500);
    expect(events.map((event) => event.type)).to.not.include('liveness-complete');
    const nextCode = oneEvent(element, 'liveness-code');
    element.reset();
    await nextCode;
    expect(element.state).to.equal('ready');
  });

  it('ends a take as interrupted when the device in use disappears, but not for an unrelated device change', async () => {
    const { element, streams } = await readyChallenge({ 'max-duration': '3' });
    element.start();
    await oneEvent(element, 'liveness-start');
    // No device can be plugged in or out here: the event is dispatched, and the device list is the real one.
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await delay(500);
    expect(element.state).to.equal('recording');

    const enumerate = navigator.mediaDevices.enumerateDevices;
    // ...and then the device list as it reads once the camera in use is unplugged.
    navigator.mediaDevices.enumerateDevices = async () =>
      (await enumerate.call(navigator.mediaDevices)).filter((device) => device.kind !== 'videoinput');
    try {
      const failed = oneEvent(element, 'liveness-error') as Promise<LivenessErrorEvent>;
      navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
      expect((await failed).detail.reason).to.equal('interrupted');
    } finally {
      navigator.mediaDevices.enumerateDevices = enumerate;
    }
    expect(liveTracks(streams)).to.deep.equal([]);
  });
});
