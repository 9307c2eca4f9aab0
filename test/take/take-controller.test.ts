// The take on its own: a TakeController driven by a plain host object (no element, no view), recording a synthetic
// camera and microphone made with real browser APIs: a canvas's captureStream() painted on a timer, and a Web Audio
// oscillator's MediaStreamAudioDestinationNode. What a page would notice: the phases in order, the camera released
// and nothing fired when the take is abandoned, a stop that comes too early, and a camera failure as a typed error.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { ReactiveController } from 'lit';
import { LivenessError } from '../../src/errors.js';
import type { View } from '../../src/state.js';
import type { TakeSettings } from '../../src/take.js';
import { TakeController } from '../../src/take/take-controller.js';
import type { UploadAnswer } from '../../src/submit/upload.js';

/** A camera and a microphone the test owns: 640x480 frames that change colour, and a steady tone. */
class SyntheticMedia {
  readonly stream: MediaStream;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly audio = new AudioContext();

  constructor() {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const context = canvas.getContext('2d')!;
    let frame = 0;
    const paint = () => {
      frame += 1;
      context.fillStyle = `hsl(${(frame * 7) % 360} 80% 50%)`;
      context.fillRect(0, 0, canvas.width, canvas.height);
    };
    paint();
    this.timer = setInterval(paint, 1000 / 30);
    const oscillator = this.audio.createOscillator();
    const destination = this.audio.createMediaStreamDestination();
    oscillator.connect(destination);
    oscillator.start();
    this.stream = new MediaStream([...canvas.captureStream(30).getVideoTracks(), ...destination.stream.getAudioTracks()]);
  }

  get liveTracks(): MediaStreamTrack[] {
    return this.stream.getTracks().filter((track) => track.readyState === 'live');
  }

  close(): void {
    clearInterval(this.timer);
    for (const track of this.stream.getTracks()) track.stop();
    void this.audio.close();
  }
}

/** The settings a take reads, as plain fields, and the host side of Lit's controller protocol, connected. */
class FakeHost extends EventTarget implements TakeSettings {
  countdown = 0;
  maxDuration = 8;
  minDuration = 1;
  maxBytes = 6_000_000;
  review = false;
  mimeType = '';
  speechLevel = 0.015;
  minSpeechMs = 0;
  submitEndpoint = '';
  submitFields: Record<string, string> = {};
  headers: Record<string, string> = {};
  credentials: RequestCredentials = 'same-origin';
  mediaRecorderClass: typeof MediaRecorder | undefined = globalThis.MediaRecorder;
  readonly media: SyntheticMedia[] = [];
  private readonly controllers = new Set<ReactiveController>();

  addController(controller: ReactiveController): void {
    this.controllers.add(controller);
    controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.controllers.delete(controller);
  }

  requestUpdate(): void {}

  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }

  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }

  async getUserMedia(): Promise<MediaStream> {
    const media = new SyntheticMedia();
    this.media.push(media);
    return media.stream;
  }

  upload(): Promise<UploadAnswer> {
    return Promise.reject(new Error('These takes have no submit-endpoint.'));
  }
}

const CODE = '4821';
const hosts: FakeHost[] = [];

/** A controller on a fresh host, with everything it reports recorded. */
function takeOn(settings: Partial<FakeHost> = {}) {
  const host = Object.assign(new FakeHost(), settings);
  hosts.push(host);
  let view: View = { state: 'ready', code: CODE };
  const views: View[] = [];
  const errors: LivenessError[] = [];
  const events: string[] = [];
  for (const type of ['liveness-start', 'liveness-complete', 'liveness-submitted']) host.addEventListener(type, () => events.push(type));
  const controller = new TakeController(host, {
    codeFor: async () => CODE,
    prepare: async () => undefined,
    view: () => view,
    onView: (next) => {
      view = next;
      views.push(next);
    },
    onLevel: () => {},
    onError: (error) => errors.push(error),
  });
  /** The states reported, each once however often it was updated (the recording timer ticks). */
  const states = () => views.map((each) => each.state).filter((state, index, all) => state !== all[index - 1]);
  return { host, controller, views, errors, events, states, view: () => view };
}

afterEach(() => {
  for (const host of hosts.splice(0)) {
    host.disconnect();
    for (const media of host.media) media.close();
  }
});

describe('TakeController (fake host, synthetic media)', () => {
  it('goes preview → countdown → recording → processing → done', async () => {
    const { host, controller, states } = takeOn({ countdown: 1, minDuration: 0, maxDuration: 1 });
    const completed = oneEvent(host, 'liveness-complete');
    void controller.start(false);
    await completed;
    expect(states()).to.deep.equal(['preview', 'countdown', 'recording', 'processing', 'done']);
  });

  it('hands the finished take over with its code and a video file', async () => {
    const { host, controller } = takeOn({ minDuration: 0, maxDuration: 1 });
    const completed = oneEvent(host, 'liveness-complete');
    void controller.start(false);
    const { detail } = await completed;
    expect({ code: detail.code, video: detail.mimeType.startsWith('video/'), bytes: detail.blob.size > 0 }).to.deep.equal({
      code: CODE,
      video: true,
      bytes: true,
    });
  });

  it('abandoned during the countdown: the camera is released', async () => {
    const { host, controller, view } = takeOn({ countdown: 3 });
    const take = controller.start(false);
    await waitUntil(() => view().state === 'countdown', 'no countdown');
    controller.abandon();
    await take;
    expect(host.media[0].liveTracks).to.deep.equal([]);
  });

  it('abandoned during the countdown: nothing is fired or reported as an error', async () => {
    const { controller, view, events, errors } = takeOn({ countdown: 3 });
    const take = controller.start(false);
    await waitUntil(() => view().state === 'countdown', 'no countdown');
    controller.abandon();
    await take;
    expect({ events, errors }).to.deep.equal({ events: [], errors: [] });
  });

  it('a stop before min-duration keeps recording and marks the take too short', async () => {
    const { controller, view } = takeOn({ minDuration: 30, maxDuration: 60 });
    void controller.start(false);
    await waitUntil(() => view().state === 'recording', 'no recording');
    controller.stop();
    expect(view()).to.include({ state: 'recording', tooShort: true });
  });

  it('the host leaving the page mid-recording releases the camera', async () => {
    const { host, controller, view } = takeOn({ minDuration: 30, maxDuration: 60 });
    const take = controller.start(false);
    await waitUntil(() => view().state === 'recording', 'no recording');
    host.disconnect();
    await take;
    expect(host.media[0].liveTracks).to.deep.equal([]);
  });

  // A stub: these browsers run with their permission prompts answered "allow" (the real refusal is
  // test/denied/permission.test.ts), so the refusal is a DOMException as getUserMedia rejects with it.
  it('a refused camera gives the typed permission-denied error', async () => {
    const { host, controller, errors } = takeOn();
    host.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    await controller.start(false);
    expect(errors.map((error) => error instanceof LivenessError && error.reason)).to.deep.equal(['permission-denied']);
  });
});
