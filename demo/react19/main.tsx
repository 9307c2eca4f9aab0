import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'liveness-challenge/define';
import type { LivenessChallenge, LivenessCompleteEvent, LivenessErrorEvent } from 'liveness-challenge';
import { demoEndpoint, toLogged, type LoggedEvent } from '../endpoint.js';

function App() {
  const [log, setLog] = useState<LoggedEvent[]>([]);
  const [video, setVideo] = useState<string>();
  const append = (event: CustomEvent) => setLog((entries) => [toLogged(event), ...entries]);

  function onComplete(event: LivenessCompleteEvent) {
    append(event);
    // Typed: `event.detail.blob` is a Blob, `needsTranscode` a boolean.
    if (event.detail.blob.size > 0) setVideo(URL.createObjectURL(event.detail.blob));
  }

  function onError(event: LivenessErrorEvent) {
    append(event);
    console.warn(event.detail.reason, event.detail.message);
  }

  function reset() {
    document.querySelector<LivenessChallenge>('liveness-challenge')?.reset();
  }

  return (
    <>
      <h1>React 19: &lt;liveness-challenge&gt; in JSX</h1>
      <p>
        React 19 sets <code>endpoint</code>, <code>headers</code> and <code>maxDuration</code> as properties, and
        listens to <code>onliveness-code</code>, <code>onliveness-start</code>, <code>onliveness-complete</code> and
        <code> onliveness-error</code>.
      </p>
      <liveness-challenge
        endpoint={demoEndpoint()}
        headers={{ 'X-Demo': 'react19' }}
        maxDuration={6}
        onliveness-code={(event) => append(event)}
        onliveness-start={(event) => append(event)}
        onliveness-complete={onComplete}
        onliveness-error={onError}
      ></liveness-challenge>
      <p>
        <button type="button" onClick={reset}>
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
