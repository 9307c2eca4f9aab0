// The element's state machine, in one place: the states, what each one shows (`View`), the moves between them, and
// the sets of states the element and its tests ask about. Pure: no DOM, no Lit, so Node tests and the manifest build
// read it directly.
import type { LivenessCompleteDetail, LivenessErrorDetail } from './events.js';
import type { LivenessResult } from './protocol/wire.js';

/** Every state, in the order the README lists them. The manifest's `state` attribute type is built from it. */
export const LIVENESS_STATES = [
  'idle',
  'loading',
  'ready',
  'error',
  'preview',
  'countdown',
  'recording',
  'processing',
  'review',
  'done',
  'uploading',
  'verified',
] as const;

/** What the element is doing; reflected to the `state` attribute for CSS. */
export type LivenessState = (typeof LIVENESS_STATES)[number];

/** Everything that renders, in one union: each state carries exactly what it shows. */
export type View =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; code: string }
  | { state: 'error'; error: LivenessErrorDetail; fixableByRetake: boolean; video?: LivenessCompleteDetail | undefined }
  | { state: 'preview'; code: string }
  | { state: 'countdown'; code: string; secondsLeft: number }
  | { state: 'recording'; code: string; elapsedMs: number; tooShort: boolean }
  | { state: 'processing'; code: string }
  | { state: 'review'; code: string; video: LivenessCompleteDetail; url: string }
  | { state: 'done'; code: string; video: LivenessCompleteDetail; uploadCancelled?: boolean }
  | { state: 'uploading'; code: string; video: LivenessCompleteDetail; progress: number }
  | { state: 'verified'; code: string; video: LivenessCompleteDetail; result: LivenessResult };

/**
 * The moves README.md's state machine allows, one step at a time. Not listed: `→ idle`, allowed from anywhere but
 * only when the endpoint was cleared (`idle` means "no endpoint").
 */
export const TRANSITIONS: Readonly<Record<LivenessState, readonly LivenessState[]>> = {
  idle: ['loading'],
  // A take waiting for its code goes on to preview.
  loading: ['ready', 'error', 'preview'],
  // → error: the take's lazy chunk could not be downloaded (the network went away).
  ready: ['preview', 'loading', 'error'],
  preview: ['countdown', 'recording', 'error', 'ready', 'loading'],
  countdown: ['recording', 'error', 'ready', 'loading'],
  recording: ['processing', 'error', 'ready', 'loading'],
  processing: ['review', 'done', 'error', 'ready', 'loading'],
  review: ['done', 'loading', 'error', 'ready'],
  // A failed upload keeps its take: the person sends it again (error → uploading).
  error: ['loading', 'uploading'],
  // With submit-endpoint: done → uploading → verified or error; uploading → done on cancelUpload() or removal.
  done: ['loading', 'uploading'],
  uploading: ['verified', 'error', 'done'],
  verified: ['loading'],
};

/** The states of a take still under way (review included: the take is not final until confirmed). */
export const TAKE_STATES: ReadonlySet<LivenessState> = new Set([
  'preview',
  'countdown',
  'recording',
  'processing',
  'review',
]);

/** States in which the camera may be open. */
export const CAMERA_STATES: ReadonlySet<LivenessState> = new Set(['preview', 'countdown', 'recording', 'processing']);

/** The states the code screen renders alone; every other one needs the lazy full view (and the full texts). */
export const CODE_SCREEN_STATES: ReadonlySet<LivenessState> = new Set(['idle', 'loading', 'ready']);

/** Where a retake makes sense: reviewing, after a verdict or refusal, after a cancelled upload. */
export const RETAKE_STATES: ReadonlySet<LivenessState> = new Set(['review', 'error', 'verified', 'done']);

/** Whether the table allows `from → to`; `endpoint` is the element's at the time (`→ idle` needs it cleared). */
export function canTransition(from: LivenessState, to: LivenessState, endpoint: string): boolean {
  if (to === 'idle') return endpoint === '';
  return TRANSITIONS[from].includes(to);
}

/** One change of state, as the element's `setView` makes it. */
export interface Transition {
  from: LivenessState;
  to: LivenessState;
  /** The element's endpoint when the state changed. */
  endpoint: string;
}

/** A sentence saying what is wrong with `transition`, or `undefined` when the table allows it. */
export function checkTransition({ from, to, endpoint }: Transition): string | undefined {
  if (canTransition(from, to, endpoint)) return undefined;
  if (to === 'idle') return `<liveness-challenge>: ${from} → idle while the endpoint is still set ("${endpoint}").`;
  const allowed = TRANSITIONS[from].join(', ');
  return `<liveness-challenge>: ${from} → ${to} is not a move of its state machine (from ${from}: ${allowed}).`;
}

type TransitionListener = (host: object, transition: Transition) => void;
const listeners = new Set<TransitionListener>();

/**
 * Calls `listener` on every change of state of every element, synchronously, including changes that never reach a
 * render. Returns the function that stops it. For tests and development tools; nothing listens by default.
 */
export function onTransition(listener: TransitionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by the element's one state-changing function (`setView`), only when the state really changes. */
export function reportTransition(host: object, transition: Transition): void {
  for (const listener of listeners) listener(host, transition);
}

/**
 * Development check: reports every move the table does not allow on the console, as an error. Off unless called
 * (the tests and the demo's dev server call it), so a production bundle carries neither the check nor the table.
 * It reports rather than throws: a throw inside a take would unwind it differently from production and hide the
 * sequence that led there. Returns the function that turns it off.
 */
export function checkTransitions(report: (problem: string) => void = console.error): () => void {
  return onTransition((_host, transition) => {
    const problem = checkTransition(transition);
    if (problem) report(problem);
  });
}
