// Random sequences of what a page and a person do to the element (start, stop, reset, retake, confirm, endpoint
// changes, removal and re-insertion), at random moments, on the browser's real media stack (fake devices). After
// every step and at the end: at most one live stream, no live track outside a take or while detached, at most one
// `liveness-complete` per take, no event while detached, and only the transitions README.md's state machine allows.
import { expect, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import '../../src/define.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { ERROR_REASONS } from '../helpers/answers.js';
import { createChallenge, delay, liveTracks, watchStreams } from '../helpers/capture.js';
import { mockEndpoint } from '../helpers/endpoint.js';
import { isVideoBlob, watchObjectUrls } from '../helpers/leaks.js';
import { CAMERA_STATES, disallowed, watchTransitions, type Transition } from '../helpers/state-machine.js';
import '../helpers/lit-warnings.js';
import { collectUncaught } from '../helpers/uncaught.js';

const ENDPOINTS = {
  cos: mockEndpoint({ shape: 'cos', sequence: 1 }),
  cloud: mockEndpoint({ shape: 'cloud', sequence: 1 }),
  signed: mockEndpoint({ shape: 'signed', sequence: 1 }),
  slow: mockEndpoint({ shape: 'legacy', sequence: 1, delay: 400 }),
  failing: mockEndpoint({ shape: 'http-500' }),
  none: '',
} as const;

type Action =
  | { kind: 'start' | 'stop' | 'reset' | 'retake' | 'confirm' | 'disconnect' | 'reconnect' | 'stop-button' | 'start-button' }
  /** Lets the take under way run to its end (done, review or error), as a patient person would. */
  | { kind: 'wait' }
  | { kind: 'endpoint'; to: keyof typeof ENDPOINTS };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Action>({ kind: 'start' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'start-button' }) },
  { weight: 3, arbitrary: fc.constant<Action>({ kind: 'stop' }) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'stop-button' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'reset' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'retake' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'confirm' }) },
  { weight: 2, arbitrary: fc.constantFrom(...(Object.keys(ENDPOINTS) as Array<keyof typeof ENDPOINTS>)).map((to): Action => ({ kind: 'endpoint', to })) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'disconnect' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'reconnect' }) },
  { weight: 4, arbitrary: fc.constant<Action>({ kind: 'wait' }) },
);

const run = fc.record({
  review: fc.boolean(),
  countdown: fc.constantFrom('0', '1'),
  minDuration: fc.constantFrom('1', '1', '0'),
  steps: fc.array(fc.tuple(action, fc.constantFrom(0, 0, 100, 300, 800, 1500)), { minLength: 6, maxLength: 6 }),
});
type Run = typeof run extends fc.Arbitrary<infer T> ? T : never;

/** Failures a run may legitimately meet: the failing endpoint, and a take stopped before a beep was heard. */
const EXPECTED_REASONS = new Set(['http', 'no-speech']);

const uncaught = collectUncaught();

afterEach(() => {
  for (const element of document.querySelectorAll('liveness-challenge')) element.remove();
});

function click(element: LivenessChallenge, part: string): void {
  element.shadowRoot!.querySelector<HTMLElement>(`[part~="${part}"]`)?.click();
}

/** Applies one action. Method calls are made only while the element is in the page; the edge tests below cover the rest. */
function apply(element: LivenessChallenge, step: Action): void {
  if (!element.isConnected && step.kind !== 'reconnect') return;
  switch (step.kind) {
    case 'start':
      return element.start();
    case 'stop':
      return element.stop();
    case 'reset':
      return element.reset();
    case 'retake':
      return element.retake();
    case 'confirm':
      return element.confirm();
    case 'start-button':
      return click(element, 'start-button');
    case 'stop-button':
      return click(element, 'stop-button');
    case 'endpoint':
      element.endpoint = ENDPOINTS[step.to];
      return;
    case 'disconnect':
      element.remove();
      return;
    case 'reconnect':
      if (!element.isConnected) document.body.append(element);
      return;
    case 'wait':
      return;
  }
}

async function runSequence({ review, countdown, minDuration, steps }: Run): Promise<void> {
  uncaught.length = 0;
  const problems: string[] = [];
  const element = createChallenge({ 'max-duration': '2', 'min-duration': minDuration, countdown, ...(review ? { review: '' } : {}) });
  const streams = watchStreams(element);
  const urls = watchObjectUrls(isVideoBlob);
  const liveStreams = () => streams.filter((stream) => stream.getTracks().some((track) => track.readyState === 'live'));
  const transitions: Transition[] = watchTransitions(element);
  const log: string[] = [];
  let detached = false;
  let startedCode: string | undefined;
  let completedSinceStart = 0;

  const check = (where: string) => {
    if (liveStreams().length > 1) problems.push(`${where}: ${liveStreams().length} live streams`);
    if (detached && liveTracks(streams).length > 0) problems.push(`${where}: a live track while detached`);
  };

  element.addEventListener('liveness-start', (event) => {
    startedCode = event.detail.code;
    completedSinceStart = 0;
  });
  for (const type of ['liveness-code', 'liveness-start', 'liveness-complete', 'liveness-error'] as const) {
    element.addEventListener(type, (event: CustomEvent) => {
      log.push(`${type}${'reason' in event.detail ? `(${event.detail.reason})` : ''}`);
      if (detached) problems.push(`${type} fired while detached`);
    });
  }
  element.addEventListener('liveness-complete', (event) => {
    completedSinceStart += 1;
    if (completedSinceStart > 1) problems.push('two liveness-complete for one take');
    if (event.detail.code !== startedCode) problems.push(`completed ${event.detail.code}, started ${startedCode}`);
    if (!(event.detail.blob.size > 0)) problems.push('an empty take');
    if (element.state !== 'done') problems.push(`liveness-complete in state ${element.state}`);
  });
  element.addEventListener('liveness-error', (event) => {
    if (!ERROR_REASONS.has(event.detail.reason)) problems.push(`untyped reason ${event.detail.reason}`);
    else if (!EXPECTED_REASONS.has(event.detail.reason)) problems.push(`unexpected ${event.detail.reason}: ${event.detail.message}`);
  });

  // A poll between steps: streams and the camera must be released whatever the timing.
  let previousState = element.state;
  const poll = setInterval(() => {
    check('poll');
    const state = element.state;
    // Out of a take for a whole poll interval: the camera must be off.
    if (!CAMERA_STATES.has(state) && !CAMERA_STATES.has(previousState) && liveTracks(streams).length > 0) {
      problems.push(`a live track in state ${state}`);
    }
    // Only review shows a take through an object URL.
    if (state !== 'review' && previousState !== 'review' && urls.unrevoked().length > 0) {
      problems.push(`an unrevoked object URL in state ${state}`);
    }
    previousState = state;
  }, 25);

  try {
    await waitUntil(() => element.state === 'ready', 'no first code', { timeout: 5000 });
    for (const [step, waitMs] of steps) {
      log.push(`${step.kind}${'to' in step ? `(${step.to})` : ''} @${element.state}`);
      apply(element, step);
      if (step.kind === 'disconnect') {
        detached = true;
        check('right after removal');
        if (liveTracks(streams).length > 0) problems.push('a live track right after removal');
      }
      if (step.kind === 'reconnect') detached = false;
      if (step.kind === 'wait' && element.isConnected) await waitUntil(() => !CAMERA_STATES.has(element.state) && element.state !== 'loading', 'a take that never ends', { timeout: 8000 });
      await delay(waitMs);
      await element.updateComplete;
      check(`after ${step.kind}`);
      if (element.getAttribute('state') !== element.state) problems.push(`attribute ${element.getAttribute('state')} ≠ state ${element.state}`);
    }
    // The end: removed mid-whatever, the element must release everything and go quiet.
    if (element.isConnected) element.remove();
    detached = true;
    if (liveTracks(streams).length > 0) problems.push('a live track right after the final removal');
    await delay(600);
    check('after the final removal');
    if (urls.unrevoked().length > 0) problems.push('an unrevoked object URL after the final removal');
  } finally {
    clearInterval(poll);
    urls.restore();
    element.remove();
  }

  const bad = disallowed(transitions);
  if (bad.length > 0) problems.push(`disallowed transitions: ${bad.map(({ from, to }) => `${from}→${to}`).join(', ')}`);
  if (uncaught.length > 0) problems.push(`uncaught: ${uncaught.map(String).join('; ')}`);
  const path = transitions.map(({ to }) => to).join(' → ');
  // Deduplicated: a leak seen by every poll is one problem.
  const unique = [...new Set(problems)];
  expect(unique, `${unique.join('; ')}\nsteps: ${log.join(', ')}\nstates: ${path}`).to.deep.equal([]);
}

describe('<liveness-challenge> under random action sequences', () => {
  it('keeps one stream, releases the camera, completes once per take and moves only as the state machine allows', async function () {
    this.timeout(180_000);
    await fc.assert(fc.asyncProperty(run, runSequence), { numRuns: 10, includeErrorInReport: true });
  });
});

describe('<liveness-challenge> edges the sequences found', () => {
  async function reachReview(element: LivenessChallenge): Promise<void> {
    await waitUntil(() => element.state === 'ready', 'no code', { timeout: 5000 });
    element.start();
    await waitUntil(() => element.state === 'review', 'no review', { timeout: 10000 });
  }

  // Found by the sequences: start() on a removed element once recorded a whole take from outside the page.
  it('opens no camera and fires nothing when start() is called on a removed element', async () => {
    const element = createChallenge({ 'max-duration': '1', 'min-duration': '1' });
    const streams = watchStreams(element);
    await waitUntil(() => element.state === 'ready', 'no code', { timeout: 5000 });
    element.remove();
    const events: string[] = [];
    for (const type of ['liveness-code', 'liveness-start', 'liveness-complete', 'liveness-error']) element.addEventListener(type, () => events.push(type));
    element.start();
    await delay(2500);
    expect(streams).to.have.length(0);
    expect(events).to.deep.equal([]);
  });

  // Found by the sequences: a removed element once fetched and announced codes while detached.
  it('fires nothing while removed when the endpoint changes or reset() is called, and fetches on re-insertion', async () => {
    for (const change of [(element: LivenessChallenge) => (element.endpoint = mockEndpoint({ shape: 'cloud' })), (element: LivenessChallenge) => element.reset()]) {
      const element = createChallenge();
      await waitUntil(() => element.state === 'ready', 'no code', { timeout: 5000 });
      element.remove();
      const events: string[] = [];
      element.addEventListener('liveness-code', () => events.push('liveness-code'));
      change(element);
      await delay(500);
      expect(events).to.deep.equal([]);
      document.body.append(element);
      await waitUntil(() => events.length === 1, 'no code after re-insertion', { timeout: 5000 });
      element.remove();
    }
  });

  // Found by the sequences: leaving review by start() or a new endpoint once kept the review's video alive.
  it('revokes the review URL when the review is left by start() or by a new endpoint', async function () {
    this.timeout(60_000);
    for (const leave of [(element: LivenessChallenge) => element.start(), (element: LivenessChallenge) => (element.endpoint = mockEndpoint({ shape: 'cloud' }))]) {
      const urls = watchObjectUrls(isVideoBlob);
      try {
        const element = createChallenge({ review: '', 'max-duration': '1', 'min-duration': '1' });
        await reachReview(element);
        expect(urls.unrevoked()).to.have.length(1);
        leave(element);
        await element.updateComplete;
        expect(element.state).to.not.equal('review');
        expect(urls.unrevoked(), 'the review URL outlives the review').to.deep.equal([]);
        element.remove();
      } finally {
        urls.restore();
      }
    }
  });
});
