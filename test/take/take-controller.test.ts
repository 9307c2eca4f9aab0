// The take on its own: a TakeController driven by a plain host object (no element, no view) whose getUserMedia is
// the browser's own, on its fake camera and microphone. What a page would notice: the phases in order, the camera
// released and nothing fired when the take is abandoned, a stop that comes too early, and a camera failure as a typed
// error. (A canvas captureStream() camera was tried first: Firefox gives its track no frame rate, which the WebCodecs
// route needs where there is no MediaStreamTrackProcessor, so the take fails there with `recording-failed`.)
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { ReactiveController } from 'lit';
import { LivenessError } from '../../src/errors.js';
import type { View } from '../../src/state.js';
import type { TakeSettings } from '../../src/take/types.js';
import { TakeController } from '../../src/take/take-controller.js';
import type { UploadAnswer } from '../../src/submit/upload.js';

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
  /** Every stream the take opened. */
  readonly streams: MediaStream[] = [];
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

  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    this.streams.push(stream);
    return stream;
  }

  get liveTracks(): MediaStreamTrack[] {
    return this.streams.flatMap((stream) => stream.getTracks()).filter((track) => track.readyState === 'live');
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
  for (const type of ['liveness-start', 'liveness-complete', 'liveness-submitted'])
    host.addEventListener(type, () => events.push(type));
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
    for (const track of host.liveTracks) track.stop();
  }
});

describe('TakeController (fake host, fake devices)', () => {
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
    expect({
      code: detail.code,
      video: detail.mimeType.startsWith('video/'),
      bytes: detail.blob.size > 0,
    }).to.deep.equal({
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
    expect({ opened: host.streams.length, live: host.liveTracks.length }).to.deep.equal({ opened: 1, live: 0 });
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
    expect({ opened: host.streams.length, live: host.liveTracks.length }).to.deep.equal({ opened: 1, live: 0 });
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
