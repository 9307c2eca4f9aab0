import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--liveness-challenge-accent, #0052d9);
    --_radius: var(--liveness-challenge-radius, 12px);
    --_background: var(--liveness-challenge-background, #ffffff);
    --_foreground: var(--liveness-challenge-foreground, #1a1a1a);
    --_muted: var(--liveness-challenge-muted, #5c5c5c);
    --_danger: var(--liveness-challenge-danger, #b3261e);
    --_digit-size: var(--liveness-challenge-digit-size, 3rem);
    display: block;
    box-sizing: border-box;
    max-width: 40rem;
    padding: 1rem;
    border-radius: var(--_radius);
    background: var(--_background);
    color: var(--_foreground);
    font-family: var(--liveness-challenge-font, system-ui, sans-serif);
  }

  :host([hidden]) {
    display: none;
  }

  [part='base'] {
    display: grid;
    gap: 0.75rem;
    justify-items: center;
    text-align: center;
  }

  [part='code'] {
    display: flex;
    gap: 0.5rem;
    font-variant-numeric: tabular-nums;
  }

  [part='digit'] {
    display: inline-grid;
    place-items: center;
    min-width: 1.4em;
    padding: 0.15em 0.1em;
    border-radius: calc(var(--_radius) / 2);
    border: 2px solid var(--_accent);
    font-size: var(--_digit-size);
    font-weight: 700;
    line-height: 1.1;
  }

  :host([state='loading']) [part='digit'] {
    border-style: dashed;
    color: var(--_muted);
  }

  [part='hint'] {
    margin: 0;
    color: var(--_muted);
  }

  [part='message'] {
    margin: 0;
    color: var(--_danger);
  }

  [part='stage'] {
    position: relative;
    width: 100%;
    aspect-ratio: 4 / 3;
    overflow: hidden;
    border-radius: var(--_radius);
    background: #000000;
  }

  [part='video'] {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }

  /* A mirror is what people expect to see of themselves; the recording itself is never flipped. */
  [part='video'].mirrored {
    transform: scaleX(-1);
  }

  [part='countdown'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    font-size: 5rem;
    font-weight: 700;
    color: #ffffff;
    text-shadow: 0 2px 8px rgb(0 0 0 / 0.6);
  }

  [part='timer'] {
    font-variant-numeric: tabular-nums;
  }

  [part='progress'] {
    width: 100%;
    accent-color: var(--_accent);
  }

  [part='actions'] {
    display: flex;
    gap: 0.75rem;
    flex-wrap: wrap;
    justify-content: center;
  }

  [part~='button'] {
    font: inherit;
    padding: 0.5rem 1.25rem;
    border: 0;
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_accent);
    color: #ffffff;
    cursor: pointer;
  }

  [part~='button']:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 3px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
