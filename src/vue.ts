// `liveness-challenge/vue`: types only. Importing it (`import type {} from 'liveness-challenge/vue'`, or listing it in
// tsconfig `types`) makes `<liveness-challenge>` known to vue-tsc and Volar: its properties as props and its events
// as `@liveness-code`, `@liveness-start`, `@liveness-complete`, `@liveness-submitted` and `@liveness-error` with typed
// `$event`. Vue itself
// must still be told the tag is a custom element: `compilerOptions.isCustomElement` (see the README).
import type { DefineComponent } from 'vue';
import type { LivenessChallengeSettableProperties } from './settable-properties.js';
import type {
  LivenessCodeEvent,
  LivenessCompleteEvent,
  LivenessErrorEvent,
  LivenessStartEvent,
  LivenessSubmittedEvent,
} from './events.js';

/** The props and listeners of `<liveness-challenge>` in a Vue template. */
export type LivenessChallengeVueProps = LivenessChallengeSettableProperties & {
  onLivenessCode?: ((event: LivenessCodeEvent) => void) | undefined;
  onLivenessStart?: ((event: LivenessStartEvent) => void) | undefined;
  onLivenessComplete?: ((event: LivenessCompleteEvent) => void) | undefined;
  onLivenessSubmitted?: ((event: LivenessSubmittedEvent) => void) | undefined;
  onLivenessError?: ((event: LivenessErrorEvent) => void) | undefined;
};

declare module 'vue' {
  interface GlobalComponents {
    'liveness-challenge': DefineComponent<LivenessChallengeVueProps>;
  }
}
