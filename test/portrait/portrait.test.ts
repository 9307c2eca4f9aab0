import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessCompleteEvent } from '../../src/events.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { createChallenge, liveTracks, part, readBack, watchStreams } from '../helpers/capture.js';
import { itemAt } from '../helpers/item-at.js';
import { becomePhone, layoutProblems, PHONES } from '../helpers/layout.js';
import '../helpers/lit-warnings.js';

// Runs only in the portrait-camera group: Chromium whose fake camera plays a 720x1280 Y4M file
// (scripts/portrait-camera.mjs, made with ffmpeg when the tests start).
const CAMERA = { width: 720, height: 1280 };

afterEach(async () => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
  await becomePhone(null);
});

/** The stage's drawn shape and the video's own, as width / height. */
function shapes(element: LivenessChallenge) {
  const stage = part(element, 'stage')!.getBoundingClientRect();
  const video = part(element, 'video') as HTMLVideoElement;
  return {
    stage: stage.width / stage.height,
    video: video.videoWidth / video.videoHeight,
    fit: getComputedStyle(video).objectFit,
    stageHeight: stage.height,
  };
}

describe('<liveness-challenge> with a portrait camera (720x1280)', () => {
  it('records the whole portrait frame: a portrait MP4 of the camera’s own size, the camera released', async () => {
    const element = createChallenge({ 'max-duration': '2', 'min-duration': '1' });
    const streams = watchStreams(element);
    await oneEvent(element, 'liveness-code');
    const completed = oneEvent(element, 'liveness-complete') as Promise<LivenessCompleteEvent>;
    element.start();
    await oneEvent(element, 'liveness-start');
    // Neither refused (a width floor of 640) nor cropped to a square (Chromium resizing towards an ideal 1280x720).
    const settings = itemAt(itemAt(streams, 0, 'a stream').getVideoTracks(), 0, 'a video track').getSettings();
    expect([settings.width, settings.height]).to.deep.equal([CAMERA.width, CAMERA.height]);

    const { detail } = await completed;
    expect([detail.width, detail.height]).to.deep.equal([CAMERA.width, CAMERA.height]);
    const file = await readBack(detail.blob);
    expect(file.container).to.equal('MP4');
    expect(file.videoCodec).to.equal('avc');
    expect(file.audioTracks).to.equal(1);
    expect(file.height).to.be.above(file.width);
    expect(Math.min(file.width, file.height)).to.be.at.least(480);
    expect([file.width, file.height]).to.deep.equal([detail.width, detail.height]);
    expect(file.durationMs).to.be.within(detail.durationMs - 500, detail.durationMs + 500);
    await elementUpdated(element);
    expect(liveTracks(streams)).to.deep.equal([]);
  });

  for (const phone of [PHONES[0], PHONES[2]]) {
    it(`shows the whole face on a ${phone.width} px phone: a stage in the camera's shape, nothing cropped or stretched`, async () => {
      expect(await becomePhone(phone)).to.equal(true);
      const element = createChallenge({ 'max-duration': '8', 'min-duration': '1' });
      await oneEvent(element, 'liveness-code');
      element.start();
      await oneEvent(element, 'liveness-start');
      await elementUpdated(element);
      const video = part(element, 'video') as HTMLVideoElement;
      await waitUntil(() => video.videoWidth > 0, 'the preview shows no frame');
      const seen = shapes(element);
      expect(seen.video).to.be.closeTo(CAMERA.width / CAMERA.height, 0.001);
      expect(seen.stage).to.be.closeTo(CAMERA.width / CAMERA.height, 0.01);
      expect(seen.fit).to.equal('contain');
      // Tall enough to see a face, short enough to leave the digits and the stop button on screen.
      expect(seen.stageHeight).to.be.at.most(0.5 * phone.height + 0.5);
      expect(part(element, 'stop-button')!.getBoundingClientRect().bottom).to.be.at.most(phone.height);
      expect(layoutProblems(element)).to.deep.equal([]);
      await expect(element).to.be.accessible();
    });
  }

  it('plays the take back for review in the same portrait shape', async () => {
    const element = createChallenge({ review: '', 'max-duration': '2', 'min-duration': '1' });
    await oneEvent(element, 'liveness-code');
    element.start();
    await waitUntil(() => element.state === 'review', 'no review', { timeout: 15000 });
    await elementUpdated(element);
    const video = part(element, 'video') as HTMLVideoElement;
    await waitUntil(() => video.videoWidth > 0, 'the review shows no frame');
    const seen = shapes(element);
    expect(seen.video).to.be.closeTo(CAMERA.width / CAMERA.height, 0.001);
    expect(seen.stage).to.be.closeTo(CAMERA.width / CAMERA.height, 0.01);
    expect(seen.fit).to.equal('contain');
  });
});
