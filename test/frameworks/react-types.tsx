// Type tests, checked by `npm run typecheck` (tsc): each `@ts-expect-error` fails the check if the typing it guards
// loosens (to `any`, or to a wrong event type).
import { LivenessChallenge } from 'liveness-challenge/react';
import type { LivenessCompleteEvent, LivenessErrorEvent } from 'liveness-challenge';

export const react19 = [
  <liveness-challenge
    endpoint="/api/code"
    codeLength={6}
    headers={{ 'X-CSRF-Token': 't' }}
    onliveness-code={(event) => event.detail.code.padStart(4, '0')}
    onliveness-complete={(event: LivenessCompleteEvent) => event.detail.blob.size}
  />,
  // @ts-expect-error codeLength is a number
  <liveness-challenge codeLength="6" />,
  // @ts-expect-error the handler of liveness-complete receives a LivenessCompleteEvent
  <liveness-challenge onliveness-complete={(event: LivenessErrorEvent) => event} />,
  // @ts-expect-error detail of liveness-code has no blob
  <liveness-challenge onliveness-code={(event) => event.detail.blob} />,
];

export const react18 = [
  <LivenessChallenge
    endpoint="/api/code"
    maxDuration={6}
    onCode={(event) => event.detail.code}
    onStart={(event) => event.detail.mimeType}
    onComplete={(event) => event.detail.needsTranscode}
    onError={(event) => event.detail.reason}
  />,
  // @ts-expect-error maxDuration is a number
  <LivenessChallenge maxDuration="6" />,
  // @ts-expect-error the onError handler receives a LivenessErrorEvent, whose detail has no code
  <LivenessChallenge onError={(event) => event.detail.code} />,
];
