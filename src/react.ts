// `liveness-challenge/react`: the element as a React component, for React 18 and earlier, which neither set
// properties on custom elements nor listen to their events. React 19 does both: use `<liveness-challenge>` directly
// there, typed with `LivenessChallengeJsxProps` (see the README).
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import './define.js';
import { LivenessChallenge as LivenessChallengeElement } from './liveness-challenge.js';
import type { LivenessChallengeSettableProperties } from './settable-properties.js';
import type {
  LivenessCodeEvent,
  LivenessCompleteEvent,
  LivenessErrorEvent,
  LivenessStartEvent,
  LivenessSubmittedEvent,
} from './events.js';

/**
 * `<LivenessChallenge endpoint="/api/liveness/code" onCode={…} onComplete={…} />`: every property of the element is a
 * prop (set as a property, so `headers` can be an object), and each event has an `on…` prop with its typed event.
 */
export const LivenessChallenge = createComponent({
  react: React,
  tagName: 'liveness-challenge',
  elementClass: LivenessChallengeElement,
  displayName: 'LivenessChallenge',
  events: {
    onCode: 'liveness-code' as EventName<LivenessCodeEvent>,
    onStart: 'liveness-start' as EventName<LivenessStartEvent>,
    onComplete: 'liveness-complete' as EventName<LivenessCompleteEvent>,
    onSubmitted: 'liveness-submitted' as EventName<LivenessSubmittedEvent>,
    onError: 'liveness-error' as EventName<LivenessErrorEvent>,
  },
});

/** The props of the React 18 wrapper. */
export type LivenessChallengeProps = React.ComponentProps<typeof LivenessChallenge>;

type SettableProperties = LivenessChallengeSettableProperties;

/**
 * Props of `<liveness-challenge>` used directly in React 19 JSX, which sets known properties on the element and turns
 * `on<event-name>` props into listeners. Declare it once in your app:
 *
 * ```ts
 * import type { LivenessChallengeJsxProps } from 'liveness-challenge/react';
 * declare module 'react' {
 *   namespace JSX {
 *     interface IntrinsicElements {
 *       'liveness-challenge': LivenessChallengeJsxProps;
 *     }
 *   }
 * }
 * ```
 */
export type LivenessChallengeJsxProps = Omit<React.HTMLAttributes<LivenessChallengeElement>, keyof SettableProperties> &
  SettableProperties & {
    ref?: React.Ref<LivenessChallengeElement> | undefined;
    'onliveness-code'?: (event: LivenessCodeEvent) => void;
    'onliveness-start'?: (event: LivenessStartEvent) => void;
    'onliveness-complete'?: (event: LivenessCompleteEvent) => void;
    'onliveness-submitted'?: (event: LivenessSubmittedEvent) => void;
    'onliveness-error'?: (event: LivenessErrorEvent) => void;
  };
