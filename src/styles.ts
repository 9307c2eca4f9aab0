import { css } from 'lit';

/** The code screen's styles: in the first download. */
export const styles = css`
  /* Every colour pair here meets WCAG AA (4.5:1) in both schemes; a page theming through the custom properties
     takes that on. */
  :host {
    --_accent: var(--liveness-challenge-accent, #0052d9);
    --_accent-contrast: var(--liveness-challenge-accent-contrast, #ffffff);
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

  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--liveness-challenge-accent, #8ab4ff);
      --_accent-contrast: var(--liveness-challenge-accent-contrast, #0b1a33);
      --_background: var(--liveness-challenge-background, #1b1c1f);
      --_foreground: var(--liveness-challenge-foreground, #f1f1f1);
      --_muted: var(--liveness-challenge-muted, #b4b4b4);
      --_danger: var(--liveness-challenge-danger, #ffb4ab);
    }
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
    color: var(--_accent-contrast);
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
