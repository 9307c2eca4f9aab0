import { elementUpdated, expect, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessErrorEvent } from '../../src/events.js';
import { createChallenge, part, recordEvents } from '../helpers/capture.js';
import '../helpers/lit-warnings.js';

// This group runs in browsers that really refuse the camera (Chromium without the fake-UI flag, Firefox with the
// camera and microphone permissions set to "block"): no stub involved.
describe('<liveness-challenge> with the camera permission denied', () => {
  it('reports permission-denied with advice, records nothing, and offers a retry', async () => {
    const element = createChallenge();
    const events = recordEvents(element);
    await oneEvent(element, 'liveness-code');
    const failed = oneEvent(element, 'liveness-error') as Promise<LivenessErrorEvent>;
    element.start();
    const { detail } = await failed;
    expect(detail.reason).to.equal('permission-denied');
    expect(detail.message).to.contain('Allow');
    expect(events.map((event) => event.type)).to.not.include('liveness-start');
    await elementUpdated(element);
    expect(element.state).to.equal('error');
    expect(part(element, 'video')).to.equal(null);
    // Retry brings a fresh code, ready for the person to allow the camera and start again.
    const nextCode = oneEvent(element, 'liveness-code');
    part(element, 'retry-button')!.click();
    await nextCode;
    await elementUpdated(element);
    expect(element.state).to.equal('ready');
    element.remove();
  });
});
