import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessCompleteEvent, LivenessErrorEvent } from '../../src/events.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { createChallenge, liveTracks, part, recordEvents, watchStreams } from '../helpers/capture.js';
import { takeDurationRange } from '../helpers/engine.js';
import { itemAt } from '../helpers/item-at.js';
import '../helpers/lit-warnings.js';

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

/**
 * The browser's own fake microphone, muted: a disabled track delivers silence to Web Audio and to the recorder
 * alike, as a person's muted microphone does. The camera is untouched.
 */
function withMutedMicrophone(element: LivenessChallenge): void {
  const open = element.getUserMedia.bind(element);
  element.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    for (const track of stream.getAudioTracks()) track.enabled = false;
    return stream;
  };
}

function meterReading(element: LivenessChallenge): number {
  return Number(part(element, 'level')?.getAttribute('aria-valuenow'));
}

/**
 * An AudioContext held suspended, as an autoplay rule holds one. No browser here leaves the element's context
 * suspended (it is made after capture, which the rules allow: see test/audio), so a real context is suspended by
 * hand, and `resume()` is refused as the rule would refuse it.
 */
class HeldAudioContext extends AudioContext {
  constructor(options?: AudioContextOptions) {
    super(options);
    void super.suspend();
  }

  override resume(): Promise<void> {
    return Promise.reject(new DOMException('Held by the test, as an autoplay rule would.', 'NotAllowedError'));
  }
}

describe('<liveness-challenge> hearing the person', () => {
  it('shows a live microphone level while previewing and recording: up with sound, zero in silence', async () => {
    const element = createChallenge({ countdown: '2', 'max-duration': '2', 'min-duration': '1' });
    await oneEvent(element, 'liveness-code');
    element.start();
    await waitUntil(() => element.state === 'countdown', 'no countdown');
    expect(part(element, 'level')!.getAttribute('role')).to.equal('meter');
    // The fake microphones play tones (Chromium beeps, Firefox hums): the meter must rise above zero.
    await waitUntil(
      () => Number(part(element, 'level')?.getAttribute('aria-valuenow')) > 20,
      'the meter did not rise',
      { timeout: 3000, interval: 50 },
    );
    await oneEvent(element, 'liveness-start');
    await elementUpdated(element);
    expect(part(element, 'level')).to.exist;
    await oneEvent(element, 'liveness-complete');

    // Muting the live microphone must bring the same meter down to zero: a meter that never updates cannot pass.
    const muted = createChallenge({ countdown: '3' });
    const streams = watchStreams(muted);
    await oneEvent(muted, 'liveness-code');
    muted.start();
    await waitUntil(() => muted.state === 'countdown', 'no countdown');
    await waitUntil(() => meterReading(muted) > 20, 'the meter did not rise before muting', {
      timeout: 3000,
      interval: 20,
    });
    for (const track of itemAt(streams, 0, 'a stream').getAudioTracks()) track.enabled = false;
    await waitUntil(() => meterReading(muted) === 0, 'the meter did not fall to zero in silence', {
      timeout: 2000,
      interval: 20,
    });
    // And it stays there: the fake tones (a beep every 500 ms) would lift it again within this time.
    for (let reading = 0; reading < 12; reading += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(meterReading(muted)).to.equal(0);
    }
    muted.remove();
  });

  it('emits an audible take with the default thresholds', async () => {
    const element = createChallenge({ 'max-duration': '3', 'min-duration': '1' }, { defaultSpeechCheck: true });
    await oneEvent(element, 'liveness-code');
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-complete')) as LivenessCompleteEvent;
    expect(detail.durationMs).to.be.within(...takeDurationRange(3000));
  });

  it('refuses a silent take with no-speech, emits nothing, and offers a retake with a fresh code', async () => {
    const element = createChallenge({ 'max-duration': '2', 'min-duration': '1' }, { defaultSpeechCheck: true });
    withMutedMicrophone(element);
    const streams = watchStreams(element);
    const events = recordEvents(element);
    const firstCode = (await oneEvent(element, 'liveness-code')).detail.code;
    element.start();
    const { detail } = (await oneEvent(element, 'liveness-error')) as LivenessErrorEvent;
    expect(detail.reason).to.equal('no-speech');
    expect(detail.message).to.contain('microphone');
    expect(events.map((event) => event.type)).to.not.include('liveness-complete');
    await elementUpdated(element);
    expect(part(element, 'message')!.textContent).to.contain('could not hear you');
    expect(liveTracks(streams)).to.deep.equal([]);
    const nextCode = oneEvent(element, 'liveness-code');
    const nextStart = oneEvent(element, 'liveness-start');
    part(element, 'retake-button')!.click();
    expect((await nextCode).detail.code).to.not.equal(firstCode);
    await nextStart;
    element.remove();
  });

  it("judges the take at its speech-level: above the microphone's loudest tone, an audible take is no-speech", async () => {
    // The fake microphones' tones read 0.07–0.28 RMS: at 0.9 none of them counts as voiced.
    const element = createChallenge(
      { 'max-duration': '2', 'min-duration': '1', 'speech-level': '0.9' },
      { defaultSpeechCheck: true },
    );
    await oneEvent(element, 'liveness-code');
    element.start();
    const outcome = await Promise.race([oneEvent(element, 'liveness-complete'), oneEvent(element, 'liveness-error')]);
    const reason = outcome.type === 'liveness-error' ? (outcome as LivenessErrorEvent).detail.reason : outcome.type;
    expect(reason, 'a take voiced nowhere above 0.9 fails with no-speech').to.equal('no-speech');
  });

  it("judges the take at its speech-level: at 0, a muted microphone's silence counts as voiced and the take completes", async () => {
    const element = createChallenge(
      { 'max-duration': '2', 'min-duration': '1', 'speech-level': '0' },
      { defaultSpeechCheck: true },
    );
    withMutedMicrophone(element);
    await oneEvent(element, 'liveness-code');
    element.start();
    const outcome = await Promise.race([oneEvent(element, 'liveness-complete'), oneEvent(element, 'liveness-error')]);
    expect(outcome.type, `a silent take at speech-level 0 completes (got ${JSON.stringify(outcome.detail)})`).to.equal(
      'liveness-complete',
    );
  });

  it('never refuses a take for silence it could not hear: a held AudioContext skips the check, with one warning', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    const RealAudioContext = globalThis.AudioContext;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      warn.apply(console, args);
    };
    globalThis.AudioContext = HeldAudioContext;
    try {
      // A held context reads zeros whatever the microphone hears: were they taken for the person's silence, these
      // takes would be no-speech. MediaRecorder where it can, because Firefox's MP4 route records its audio through
      // an AudioContext, which is held here too.
      const webm = 'video/webm;codecs=vp8,opus';
      const mimeType = MediaRecorder.isTypeSupported(webm) ? webm : 'video/mp4';
      const element = createChallenge(
        { 'max-duration': '2', 'min-duration': '1', 'mime-type': mimeType },
        { defaultSpeechCheck: true },
      );
      const events = recordEvents(element);
      await oneEvent(element, 'liveness-code');
      for (let take = 0; take < 2; take += 1) {
        const outcome = Promise.race([oneEvent(element, 'liveness-complete'), oneEvent(element, 'liveness-error')]);
        if (take === 0) element.start();
        else element.retake();
        const event = await outcome;
        expect(event.type, JSON.stringify(event.detail)).to.equal('liveness-complete');
      }
      expect(events.filter((event) => event.type === 'liveness-error')).to.deep.equal([]);
      const skipped = warnings.filter((text) => text.includes('speech check was skipped'));
      expect(skipped, 'one warning per element').to.have.length(1);
      expect(skipped[0]).to.contain('suspended');
    } finally {
      globalThis.AudioContext = RealAudioContext;
      console.warn = warn;
    }
  });
});
