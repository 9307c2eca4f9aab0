import type { LivenessChallenge, LivenessState } from '../../src/liveness-challenge.js';

/**
 * The transitions README.md's state machine allows, one step at a time. `→ idle` is allowed from anywhere, but only
 * when the endpoint was cleared (the diagram draws it from `loading` only; the table says `idle` means "no endpoint").
 */
export const ALLOWED_TRANSITIONS: Readonly<Partial<Record<LivenessState, readonly LivenessState[]>>> = {
  idle: ['loading'],
  // A take waiting for its code goes on to preview.
  loading: ['ready', 'error', 'preview'],
  ready: ['preview', 'loading'],
  preview: ['countdown', 'recording', 'error', 'ready', 'loading'],
  countdown: ['recording', 'error', 'ready', 'loading'],
  recording: ['processing', 'error', 'ready', 'loading'],
  processing: ['review', 'done', 'error', 'ready', 'loading'],
  review: ['done', 'loading', 'error', 'ready'],
  error: ['loading'],
  // With submit-endpoint: done → uploading → verified or error; uploading → done on cancelUpload() or removal.
  done: ['loading', 'uploading'],
  uploading: ['verified', 'error', 'done'],
  verified: ['loading'],
};

/** States in which the camera may be open. */
export const CAMERA_STATES: ReadonlySet<LivenessState> = new Set(['preview', 'countdown', 'recording', 'processing']);

export interface Transition {
  from: LivenessState;
  to: LivenessState;
  endpoint: string;
}

/**
 * Records every state the element passes through, synchronously, including those that never reach a render (the
 * reflected attribute only shows the state at each update). Observes only: the element's own `requestUpdate` runs
 * first, and every change of its one view state goes through it.
 */
export function watchTransitions(element: LivenessChallenge, onChange?: (transition: Transition) => void): Transition[] {
  const transitions: Transition[] = [];
  let last = element.state;
  const requestUpdate = element.requestUpdate;
  element.requestUpdate = function (this: LivenessChallenge, ...args: Parameters<LivenessChallenge['requestUpdate']>) {
    requestUpdate.apply(this, args);
    const now = element.state;
    if (now !== last) {
      const transition = { from: last, to: now, endpoint: element.endpoint };
      last = now;
      transitions.push(transition);
      onChange?.(transition);
    }
  };
  return transitions;
}

export function disallowed(transitions: Transition[]): Transition[] {
  return transitions.filter(({ from, to, endpoint }) => !(to === 'idle' ? endpoint === '' : (ALLOWED_TRANSITIONS[from]?.includes(to) ?? false)));
}
