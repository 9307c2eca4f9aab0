// The README's React 19 snippet is this file's marked region (test/examples checks it).
// #region readme
import 'liveness-challenge/define';
import type { LivenessChallengeJsxProps } from 'liveness-challenge/react';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'liveness-challenge': LivenessChallengeJsxProps;
    }
  }
}

export function App() {
  return (
    <liveness-challenge
      endpoint="/api/live-code"
      headers={{ 'X-Requested-With': 'liveness-challenge' }}
      onliveness-code={(event) => console.log('code', event.detail.code)}
      onliveness-complete={(event) => console.log('take', event.detail.blob.size, 'bytes')}
    />
  );
}
// #endregion readme
