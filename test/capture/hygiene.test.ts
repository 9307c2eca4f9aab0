import { elementUpdated, expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { createChallenge, delay, liveTracks, part, readyChallenge } from '../helpers/capture.js';
import { isVideoBlob, watchObjectUrls } from '../helpers/leaks.js';
import '../helpers/lit-warnings.js';

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

describe('<liveness-challenge> camera hygiene', () => {
  it('releases the camera after a final take', async () => {
    const { element, streams } = await readyChallenge({ 'max-duration': '2' });
    element.start();
    await oneEvent(element, 'liveness-complete');
    expect(streams).to.have.length(1);
    expect(liveTracks(streams)).to.deep.equal([]);
  });

  it('releases the camera on reset() mid-recording, emits nothing for that take, and fetches a new code', async () => {
    const { element, streams, events } = await readyChallenge();
    element.start();
    await oneEvent(element, 'liveness-start');
    const firstCode = element.code;
    const nextCode = oneEvent(element, 'liveness-code');
    element.reset();
    expect(liveTracks(streams)).to.deep.equal([]);
    expect((await nextCode).detail.code).to.not.equal(firstCode);
    await delay(500);
    expect(events.map((event) => event.type)).to.not.include('liveness-complete');
    expect(element.state).to.equal('ready');
  });

  it('releases the camera when removed mid-countdown, and fires nothing afterwards', async () => {
    // Kept short so the wait below outlasts the whole take a missed removal would still record (1 s + 1 s).
    const { element, streams, events } = await readyChallenge({ countdown: '1', 'max-duration': '1' });
    element.start();
    await waitUntil(() => element.state === 'countdown' && streams.length === 1, 'no countdown');
    const before = events.length;
    element.remove();
    expect(liveTracks(streams)).to.deep.equal([]);
    await delay(2500);
    expect(events.slice(before)).to.deep.equal([]);
    expect(liveTracks(streams)).to.deep.equal([]);
  });

  it('releases the camera when removed mid-recording, and fires nothing afterwards', async () => {
    // A missed removal would complete the take at max-duration: the wait outlasts it.
    const { element, streams, events } = await readyChallenge({ 'max-duration': '1' });
    element.start();
    await oneEvent(element, 'liveness-start');
    const before = events.length;
    element.remove();
    expect(liveTracks(streams)).to.deep.equal([]);
    await delay(1500);
    expect(events.slice(before)).to.deep.equal([]);
  });

  it('releases the camera when the camera prompt is answered after removal', async () => {
    const element = createChallenge();
    await oneEvent(element, 'liveness-code');
    const streams: MediaStream[] = [];
    const open = element.getUserMedia.bind(element);
    // The person takes a while to answer the permission prompt; the element is gone by then.
    element.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      streams.push(stream);
      await delay(300);
      return stream;
    };
    element.start();
    // getUserMedia took over a second in WebKit on a loaded machine: wait for the stream, not for a fixed second.
    await waitUntil(() => streams.length === 1, 'no stream', { timeout: 10000 });
    element.remove();
    await delay(500);
    expect(liveTracks(streams)).to.deep.equal([]);
  });

  it('releases the camera on pagehide', async () => {
    const { element, streams } = await readyChallenge();
    element.start();
    await oneEvent(element, 'liveness-start');
    // The real event comes with navigation, which would end the test page; the element cannot tell them apart.
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(liveTracks(streams)).to.deep.equal([]);
    await elementUpdated(element);
    expect(element.state).to.equal('ready');
  });

  it('never opens two streams when started twice', async () => {
    const { element, streams } = await readyChallenge({ 'max-duration': '2' });
    element.start();
    element.start();
    await oneEvent(element, 'liveness-start');
    element.start();
    await oneEvent(element, 'liveness-complete');
    expect(streams).to.have.length(1);
    expect(liveTracks(streams)).to.deep.equal([]);
  });

  it('revokes the review object URL on confirm, on retake, on reset and on removal', async () => {
    const urls = watchObjectUrls(isVideoBlob);
    try {
      const { element, streams } = await readyChallenge({ review: '', 'max-duration': '2' });
      const reachReview = async () => {
        element.start();
        await waitUntil(() => element.state === 'review', 'no review', { timeout: 15000 });
        expect(urls.unrevoked()).to.have.length(1);
      };
      await reachReview();
      element.confirm();
      expect(urls.unrevoked()).to.deep.equal([]);

      element.reset();
      await oneEvent(element, 'liveness-code');
      await reachReview();
      element.retake();
      expect(urls.unrevoked()).to.deep.equal([]);
      await waitUntil(() => element.state === 'review', 'no review after retake', { timeout: 15000 });
      element.reset();
      expect(urls.unrevoked()).to.deep.equal([]);

      await oneEvent(element, 'liveness-code');
      await reachReview();
      element.remove();
      expect(urls.unrevoked()).to.deep.equal([]);
      expect(liveTracks(streams)).to.deep.equal([]);
    } finally {
      urls.restore();
    }
  });

  it('releases the camera on a failed take', async () => {
    const { element, streams } = await readyChallenge({ 'max-bytes': '10000', 'max-duration': '2' });
    element.start();
    const { detail } = await oneEvent(element, 'liveness-error');
    expect(detail.reason).to.equal('too-large');
    expect(liveTracks(streams)).to.deep.equal([]);
    expect(part(element, 'video')).to.equal(null);
  });
});
