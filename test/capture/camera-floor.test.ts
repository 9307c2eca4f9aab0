import { elementUpdated, expect, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessErrorEvent } from '../../src/events.js';
import { createChallenge, liveTracks, part, watchStreams } from '../helpers/capture.js';
import '../helpers/lit-warnings.js';

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

describe('<liveness-challenge> camera size floor', () => {
  it('refuses a camera that only gives 320x240, releasing it, as it refused an over-constrained one', async () => {
    const element = createChallenge();
    // The browser's real fake camera, asked for 320x240 only: a camera too small for the verifiers, whichever way
    // up. (The element's own constraints no longer carry a minimum: it could not allow portrait frames.)
    const given: MediaTrackSettings[] = [];
    element.getUserMedia = async (constraints) => {
      const stream = await navigator.mediaDevices.getUserMedia({ ...constraints, video: { width: { exact: 320 }, height: { exact: 240 } } });
      given.push(stream.getVideoTracks()[0].getSettings());
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
