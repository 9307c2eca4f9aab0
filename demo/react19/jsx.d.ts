// React 19 sets properties on custom elements and turns `on<event>` props into listeners: declaring the element's
// props once makes <liveness-challenge> typed in JSX, events included.
import type { LivenessChallengeJsxProps } from 'liveness-challenge/react';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'liveness-challenge': LivenessChallengeJsxProps;
    }
  }
}
