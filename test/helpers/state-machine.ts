import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { canTransition, onTransition, type Transition } from '../../src/state.js';

// The table and the state sets live in the source (src/state.ts); the sequences test reads them from here.
export { CAMERA_STATES, TRANSITIONS as ALLOWED_TRANSITIONS, type Transition } from '../../src/state.js';

/**
 * Records every state the element passes through, synchronously, including those that never reach a render (the
 * reflected attribute only shows the state at each update). It listens where the element changes its state (its one
 * `setView`), so it sees every change and alters none.
 */
export function watchTransitions(
  element: LivenessChallenge,
  onChange?: (transition: Transition) => void,
): Transition[] {
  const transitions: Transition[] = [];
  onTransition((host, transition) => {
    if (host !== element) return;
    transitions.push(transition);
    onChange?.(transition);
  });
  return transitions;
}

export function disallowed(transitions: Transition[]): Transition[] {
  return transitions.filter(({ from, to, endpoint }) => !canTransition(from, to, endpoint));
}

// The model: what the element must do next, for each settled state and each action of the random sequences
// (test/fuzz/sequences.test.ts). It follows README.md's state machine; a settled state is one the element keeps
// until something happens (loading, preview, countdown and processing pass by on their own). The element is
// compared with it after every step: its state, the events the step fired, and the buttons it shows.

/** Where the element gets its code: the verification loop's endpoint (codes it can verify), another endpoint
 * (codes the loop never issued), one that fails, or none. */
export type EndpointName = 'loop' | 'mock' | 'failing' | 'none';

/** What the fake upstream answers for a take's verification (see demo/mock/mock-verification-upstream.js). */
export type Verdict =
  'success' | 'low-sim' | 'FailedOperation.LipVoiceLow' | 'FailedOperation.LipVideoInvalid' | 'hang';

export type ModelAction =
  | {
      kind:
        | 'start'
        | 'start-button'
        | 'stop'
        | 'stop-button'
        /** stop() before min-duration: the take goes on, with a hint. */
        | 'early-stop'
        /** Lets the recording run to max-duration. */
        | 'wait'
        | 'reset'
        | 'retake'
        | 'retake-button'
        | 'confirm'
        | 'confirm-button'
        | 'cancel-button'
        | 'submit-button'
        | 'retry-button'
        /** Another piece of code ends the camera track (track.stop()). */
        | 'camera-fault'
        | 'disconnect'
        | 'reconnect';
    }
  | { kind: 'endpoint'; to: EndpointName };

export type SettledState = 'idle' | 'ready' | 'recording' | 'review' | 'done' | 'uploading' | 'verified' | 'error';

export interface ModelState {
  state: SettledState;
  connected: boolean;
  endpoint: EndpointName;
  /** Where the code on screen, or the take's, came from. */
  codeFrom?: 'loop' | 'mock' | undefined;
  /** In `done`: the upload was cancelled and the take is kept to send again. */
  uploadCancelled?: boolean;
  /** In `verified`. */
  passed?: boolean | undefined;
  /** In `error`: the one button offered. */
  errorButton?: 'retry-button' | 'retake-button' | undefined;
  /** The verdict of the take being (or last) uploaded. */
  verdict?: Verdict | undefined;
}

export interface ModelConfig {
  review: boolean;
  /** Whether `submit-endpoint` points at the verification loop. */
  submit: boolean;
}

export interface Expectation {
  next: ModelState;
  /** The events the step fires, in order: `code`, `start`, `complete`, `submitted`, `error(reason[:upstreamCode])`. */
  events: string[];
  /** stop(): the recording ends at once, not at max-duration. */
  leavesRecordingAtOnce?: boolean;
}

/** The element's buttons in a settled state, by part name. */
export function expectedButtons(model: ModelState): string[] {
  switch (model.state) {
    case 'ready':
      return ['start-button'];
    case 'recording':
      return ['stop-button'];
    case 'review':
      return ['retake-button', 'confirm-button'];
    case 'uploading':
      return ['cancel-button'];
    case 'done':
      return model.uploadCancelled ? ['submit-button', 'retake-button'] : [];
    case 'verified':
      return model.passed ? [] : ['retake-button'];
    case 'error':
      return [model.errorButton!];
    case 'idle':
      return [];
  }
}

/** Codes from other endpoints are unknown to the loop's server, which refuses them (fixable by a retake). */
const UPLOAD_OUTCOMES: Record<
  Verdict,
  { state: SettledState; event: string; passed?: boolean; errorButton?: ModelState['errorButton'] }
> = {
  success: { state: 'verified', event: 'submitted', passed: true },
  'low-sim': { state: 'verified', event: 'submitted', passed: false },
  'FailedOperation.LipVoiceLow': {
    state: 'error',
    event: 'error(rejected:FailedOperation.LipVoiceLow)',
    errorButton: 'retake-button',
  },
  // Not fixable by reading again, and refused for good: no retake, no send-again; retry fetches a new code.
  'FailedOperation.LipVideoInvalid': {
    state: 'error',
    event: 'error(rejected:FailedOperation.LipVideoInvalid)',
    errorButton: 'retry-button',
  },
  hang: { state: 'uploading', event: '' },
};

function base(model: ModelState): ModelState {
  return {
    state: model.state,
    connected: model.connected,
    endpoint: model.endpoint,
    codeFrom: model.codeFrom,
    verdict: model.verdict,
  };
}

/** A new code is fetched from the endpoint. */
function fetched(model: ModelState): Expectation {
  const next = { ...base(model), codeFrom: undefined, verdict: undefined };
  switch (model.endpoint) {
    case 'none':
      return { next: { ...next, state: 'idle' }, events: [] };
    case 'failing':
      return { next: { ...next, state: 'error', errorButton: 'retry-button' }, events: ['error(http)'] };
    default:
      return { next: { ...next, state: 'ready', codeFrom: model.endpoint }, events: ['code'] };
  }
}

/** A take with a fresh code: fetch it, then record (or stop where the fetch stops). */
function takeWithFreshCode(model: ModelState): Expectation {
  const fetch = fetched(model);
  if (fetch.next.state !== 'ready') return fetch;
  return { next: { ...fetch.next, state: 'recording' }, events: [...fetch.events, 'start'] };
}

function upload(model: ModelState, verdict: Verdict, events: string[]): Expectation {
  if (model.codeFrom !== 'loop') {
    return {
      next: { ...base(model), state: 'error', errorButton: 'retake-button' },
      events: [...events, 'error(rejected:stale-code)'],
    };
  }
  const outcome = UPLOAD_OUTCOMES[verdict];
  return {
    next: { ...base(model), state: outcome.state, verdict, passed: outcome.passed, errorButton: outcome.errorButton },
    events: outcome.event ? [...events, outcome.event] : events,
  };
}

function complete(model: ModelState, verdict: Verdict, config: ModelConfig): Expectation {
  if (!config.submit) return { next: { ...base(model), state: 'done' }, events: ['complete'] };
  return upload(model, verdict, ['complete']);
}

function unchanged(model: ModelState): Expectation {
  return { next: model, events: [] };
}

/**
 * The expected outcome of one action on an element in a settled state. `verdict` is what the upstream answers if
 * this step uploads a take.
 */
export function expectStep(model: ModelState, action: ModelAction, verdict: Verdict, config: ModelConfig): Expectation {
  if (action.kind === 'reconnect') return { next: { ...model, connected: true }, events: [] };
  // A removed element is left alone by the sequences (the edge tests call its methods while removed).
  if (!model.connected) return unchanged(model);
  const { state } = model;
  const shows = (button: string) => expectedButtons(model).includes(button);
  switch (action.kind) {
    case 'start':
    case 'start-button':
      if (action.kind === 'start-button' && !shows('start-button')) return unchanged(model);
      // Nothing while a take records or uploads, nor without an endpoint.
      if (state === 'recording' || state === 'uploading' || state === 'idle') return unchanged(model);
      if (state === 'ready') return { next: { ...base(model), state: 'recording' }, events: ['start'] };
      return takeWithFreshCode(model);
    case 'stop':
    case 'stop-button':
    case 'wait':
      if (state !== 'recording') return unchanged(model);
      return {
        ...(config.review
          ? { next: { ...base(model), state: 'review' }, events: [] }
          : complete(model, verdict, config)),
        leavesRecordingAtOnce: action.kind !== 'wait',
      };
    case 'early-stop':
      return unchanged(model);
    case 'confirm':
    case 'confirm-button':
      return state === 'review' ? complete(model, verdict, config) : unchanged(model);
    case 'reset':
      return fetched(model);
    case 'retry-button':
      return shows('retry-button') ? fetched(model) : unchanged(model);
    case 'retake':
    case 'retake-button':
      if (action.kind === 'retake-button' && !shows('retake-button')) return unchanged(model);
      return ['review', 'error', 'verified', 'done'].includes(state) ? takeWithFreshCode(model) : unchanged(model);
    case 'cancel-button':
      return state === 'uploading'
        ? { next: { ...base(model), state: 'done', uploadCancelled: true }, events: [] }
        : unchanged(model);
    case 'submit-button':
      // The kept take goes again with its Idempotency-Key: the server answers from the first upload's verdict.
      return shows('submit-button') ? upload(model, model.verdict!, []) : unchanged(model);
    case 'camera-fault':
      return state === 'recording'
        ? { next: { ...base(model), state: 'error', errorButton: 'retry-button' }, events: ['error(interrupted)'] }
        : unchanged(model);
    case 'endpoint':
      if (action.to === model.endpoint) return unchanged(model);
      // A take under way (recording or uploading) is abandoned: the new endpoint means a new code.
      return fetched({ ...model, endpoint: action.to });
    case 'disconnect': {
      const next = { ...model, connected: false };
      if (state === 'recording' || state === 'review') return { next: { ...base(next), state: 'ready' }, events: [] };
      if (state === 'uploading') return { next: { ...base(next), state: 'done', uploadCancelled: true }, events: [] };
      return { next, events: [] };
    }
  }
}
