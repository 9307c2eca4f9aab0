import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessCompleteEvent, LivenessErrorEvent } from '../../src/events.js';
import { createChallenge, liveTracks, part, recordEvents, watchStreams } from '../helpers/capture.js';
import { takeDurationRange } from '../helpers/engine.js';
import '../helpers/lit-warnings.js';

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

/**
 * The real camera with a silent microphone track in place of the fake one: no browser here can be made to give a
 * muted microphone, so the audio track is a real, silent WebAudio track.
 */
function withSilentMicrophone(open: (constraints: MediaStreamConstraints) => Promise<MediaStream>, contexts: AudioContext[]) {
  return async (constraints: MediaStreamConstraints) => {
    const camera = await open({ video: constraints.video });
    const context = new AudioContext();
    contexts.push(context);
    const silence = context.createConstantSource();
    silence.offset.value = 0;
    const destination = context.createMediaStreamDestination();
    silence.connect(destination);
    silence.start();
    return new MediaStream([...camera.getVideoTracks(), ...destination.stream.getAudioTracks()]);
  };
}

describe('<liveness-challenge> hearing the person', () => {
  it('shows a live microphone level while previewing and recording: up with sound, zero in silence', async () => {
    const element = createChallenge({ countdown: '2', 'max-duration': '2', 'min-duration': '1' });
    await oneEvent(element, 'liveness-code');
    element.start();
    await waitUntil(() => element.state === 'countdown', 'no countdown');
    expect(part(element, 'level')!.getAttribute('role')).to.equal('meter');
    // The fake microphones play tones (Chromium beeps, Firefox hums): the meter must rise above zero.
    await waitUntil(() => Number(part(element, 'level')?.getAttribute('aria-valuenow')) > 20, 'the meter did not rise', { timeout: 3000, interval: 50 });
    await oneEvent(element, 'liveness-start');
    await elementUpdated(element);
    expect(part(element, 'level')).to.exist;
    await oneEvent(element, 'liveness-complete');

    const contexts: AudioContext[] = [];
    const silent = createChallenge({ countdown: '2' });
    silent.getUserMedia = withSilentMicrophone(silent.getUserMedia.bind(silent), contexts);
    await oneEvent(silent, 'liveness-code');
    silent.start();
    await waitUntil(() => silent.state === 'countdown', 'no countdown');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(part(silent, 'level')!.getAttribute('aria-valuenow')).to.equal('0');
    silent.remove();
    for (const context of contexts) await context.close();
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
    const contexts: AudioContext[] = [];
    const streams = watchStreams(element);
    const open = element.getUserMedia;
    element.getUserMedia = withSilentMicrophone(open.bind(element), contexts);
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
    for (const context of contexts) await context.close();
  });
});
