import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { LivenessChallenge } from 'liveness-challenge/react';
import type { LivenessChallenge as LivenessChallengeElement, LivenessCompleteEvent } from 'liveness-challenge';
import { demoEndpoint, toLogged, type LoggedEvent } from '../endpoint.js';

function App() {
  const [log, setLog] = useState<LoggedEvent[]>([]);
  const [video, setVideo] = useState<string>();
  const challenge = useRef<LivenessChallengeElement>(null);
  const append = (event: CustomEvent) => setLog((entries) => [toLogged(event), ...entries]);

  function onComplete(event: LivenessCompleteEvent) {
    append(event);
    if (event.detail.blob.size > 0) setVideo(URL.createObjectURL(event.detail.blob));
  }

  return (
    <>
      <h1>React 18: the liveness-challenge/react wrapper</h1>
      <p>
        <code>&lt;LivenessChallenge&gt;</code> from <code>liveness-challenge/react</code> (made with @lit/react) sets
        the element's properties and maps its events to <code>onCode</code>, <code>onStart</code>,{' '}
        <code>onComplete</code> and <code>onError</code>.
      </p>
      <LivenessChallenge
        ref={challenge}
        endpoint={demoEndpoint()}
        headers={{ 'X-Demo': 'react18' }}
        maxDuration={6}
        onCode={(event) => append(event)}
        onStart={(event) => append(event)}
        onComplete={onComplete}
        onError={(event) => append(event)}
      />
      <p>
        <button type="button" onClick={() => challenge.current?.reset()}>
          reset()
        </button>
      </p>
      {video && <video src={video} controls aria-label="The recorded take"></video>}
      <h2>Events</h2>
      <ol id="log" className="log">
        {log.map((entry) => (
          <li key={entry.id} data-event={entry.type}>
            {entry.type} {entry.detail}
          </li>
        ))}
      </ol>
    </>
  );
}

createRoot(document.querySelector('#app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
