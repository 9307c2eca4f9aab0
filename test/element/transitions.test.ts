// The element's one state-changing function, seen from outside: every change of state reaches `onTransition`
// listeners (watchTransitions in test/helpers/state-machine.ts), including those that pass before a render. The
// random sequences (test/fuzz/sequences.test.ts) trust these records; here they are checked against a known path.
import { expect, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { createChallenge } from '../helpers/capture.js';
import { mockEndpoint } from '../helpers/endpoint.js';
import '../helpers/lit-warnings.js';
import { watchTransitions } from '../helpers/state-machine.js';

describe('<liveness-challenge> transitions', () => {
  it('reports idle → loading → ready as a code is shown', async () => {
    const element = document.createElement('liveness-challenge');
    const transitions = watchTransitions(element);
    element.endpoint = mockEndpoint({ shape: 'cloud' });
    const shown = oneEvent(element, 'liveness-code');
    document.body.append(element);
    await shown;
    element.remove();
    expect(transitions.map(({ from, to }) => `${from}→${to}`)).to.deep.equal(['idle→loading', 'loading→ready']);
  });

  it('reports every step of a take, preview and processing included, up to done', async () => {
    const element = createChallenge({ 'min-duration': '0', 'max-duration': '1', 'min-speech-ms': '0' });
    await oneEvent(element, 'liveness-code');
    const transitions = watchTransitions(element);
    const completed = oneEvent(element, 'liveness-complete');
    element.start();
    await completed;
    element.remove();
    expect(transitions.map(({ to }) => to)).to.deep.equal(['preview', 'recording', 'processing', 'done']);
  });
});
