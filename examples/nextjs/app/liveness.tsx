// The README's Next.js client component is this file, from 'use client' on (test/examples checks it).
// #region readme
'use client';
import 'liveness-challenge/define';
import type { LivenessChallengeJsxProps } from 'liveness-challenge/react';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'liveness-challenge': LivenessChallengeJsxProps;
    }
  }
}

export function Liveness() {
  return (
    <liveness-challenge
      endpoint="/api/live-code"
      onliveness-complete={(event) => console.log('take', event.detail.blob.size, 'bytes')}
    />
  );
}
// #endregion readme
