import { css } from 'lit';

/** The code screen's styles, in the first download; the rest travels with the lazy view (view-styles.ts). */
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
    /* A phone held upright gives a 9:16 preview: capped in height so the digits and buttons stay on screen. */
    --_stage-max-height: var(--liveness-challenge-stage-max-height, 50vh);
    /* Apple's and WCAG 2.5.5's smallest touch target, in px so a page's small root font cannot shrink it. */
    --_touch-target: 44px;
    display: block;
    box-sizing: border-box;
    /* What is inside sizes itself to the element's width, not the viewport's: the element may sit in a sidebar. A
       size container has no width of its own content, so it fills the width it is given, margins kept, even where
       it would shrink to fit (a centred flex column), up to max-width. */
    container-type: inline-size;
    width: 100%;
    width: -moz-available;
    width: -webkit-fill-available;
    width: stretch;
    max-width: 40rem;
    padding: 1rem;
    border-radius: var(--_radius);
    background: var(--_background);
    color: var(--_foreground);
    font-family: var(--liveness-challenge-font, system-ui, sans-serif);
  }

  /* The small viewport height: what is left when a phone browser shows its toolbars. */
  @supports (height: 1svh) {
    :host {
      --_stage-max-height: var(--liveness-challenge-stage-max-height, 50svh);
    }
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
    /* One column as wide as the element, never wider: a long word or a wide child wraps or shrinks instead. */
    grid-template-columns: minmax(0, 1fr);
    gap: 0.75rem;
    justify-items: center;
    text-align: center;
  }

  [part='code'] {
    --_gap: 0.5rem;
    display: flex;
    gap: var(--_gap);
    font-variant-numeric: tabular-nums;
  }

  /* Each digit box is 1.3em wide, so n digits and their gaps fill the element's width when the element is narrower
     than the digit size allows (--_digits is the code's length, set by the view). Browsers without container query
     units (Safari before 16) size by the viewport instead. */
  [part='digit'] {
    --_fitting-size: min(var(--_digit-size), 13vw);
    display: inline-grid;
    place-items: center;
    box-sizing: border-box;
    inline-size: 1.3em;
    padding: 0.15em 0;
    border-radius: calc(var(--_radius) / 2);
    border: 2px solid var(--_accent);
    font-size: var(--_fitting-size);
    font-weight: 700;
    line-height: 1.1;
  }

  @supports (width: 1cqi) {
    [part='digit'] {
      --_fitting-size: min(
        var(--_digit-size),
        (100cqi - (var(--_digits, 4) - 1) * var(--_gap)) / (var(--_digits, 4) * 1.3)
      );
    }
  }

  :host([state='loading']) [part='digit'] {
    border-style: dashed;
    color: var(--_muted);
  }

  [part='hint'],
  [part='message'] {
    margin: 0;
    /* An upstream code such as SignatureDoesNotMatch is one long word: it breaks rather than widen the element. */
    overflow-wrap: anywhere;
  }

  [part='hint'] {
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
    min-block-size: var(--_touch-target);
    min-inline-size: var(--_touch-target);
    max-inline-size: 100%;
    padding: 0.5rem 1.25rem;
    overflow-wrap: anywhere;
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
