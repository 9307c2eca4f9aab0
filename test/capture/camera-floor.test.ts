import { elementUpdated, expect, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessErrorEvent } from '../../src/events.js';
import { createChallenge, liveTracks, part, watchStreams } from '../helpers/capture.js';
import { itemAt } from '../helpers/item-at.js';
import '../helpers/lit-warnings.js';

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

/** The browser's fake camera asked for exactly 320x240: what it gives. */
async function smallFakeCamera(constraints: MediaStreamConstraints = { audio: false }): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    ...constraints,
    video: { width: { exact: 320 }, height: { exact: 240 } },
  });
}

describe('<liveness-challenge> camera size floor', () => {
  it('refuses a camera that only gives 320x240, releasing it, as it refused an over-constrained one', async function () {
    // WebKitGTK's mock camera answers 640x480 to an exact 320x240: no camera too small can be had there.
    const probe = await smallFakeCamera();
    const { width, height } = itemAt(probe.getVideoTracks(), 0, 'a video track').getSettings();
    for (const track of probe.getTracks()) track.stop();
    if (width !== 320 || height !== 240) this.skip();
    const element = createChallenge();
    // The browser's real fake camera, asked for 320x240 only: a camera too small for the verifiers, whichever way
    // up. (The element's own constraints no longer carry a minimum: it could not allow portrait frames.)
    const given: MediaTrackSettings[] = [];
    element.getUserMedia = async (constraints) => {
      const stream = await smallFakeCamera(constraints);
      given.push(itemAt(stream.getVideoTracks(), 0, 'a video track').getSettings());
      return stream;
    };
    const streams = watchStreams(element);
    await oneEvent(element, 'liveness-code');
    const failed = oneEvent(element, 'liveness-error') as Promise<LivenessErrorEvent>;
    element.start();
    const { detail } = await failed;
    expect(detail.reason).to.equal('no-device');
    expect(streams).to.have.length(1);
    expect(given[0]).to.include({ width: 320, height: 240 });
    expect(liveTracks(streams)).to.deep.equal([]);
    await elementUpdated(element);
    expect(part(element, 'retry-button')).to.exist;
  });
});
