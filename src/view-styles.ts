import { css } from 'lit';

/**
 * Everything beyond the code screen (errors, camera, recording, review, upload): a module of its own so that it
 * travels with the lazy view (`view.ts`), which the element adopts beside `styles.ts` once loaded.
 */
export const takeStyles = css`
  [part='message'] {
    color: var(--_danger);
  }

  /* The stage takes the camera's own shape (--_frame-ratio, width / height, set by the view from the camera and
     updated from the video itself), as wide as the element allows and no taller than --_stage-max-height. */
  [part='stage'] {
    position: relative;
    inline-size: min(100%, var(--_stage-max-height) * var(--_frame-ratio, 4 / 3));
    aspect-ratio: var(--_frame-ratio, 4 / 3);
    overflow: hidden;
    border-radius: var(--_radius);
    background: #000000;
  }

  /* contain, not cover: the whole face shows, never cropped, never stretched, whatever the camera's shape. */
  [part='video'] {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }

  /* A mirror is what people expect to see of themselves; the recording itself is never flipped. */
  [part='video'].mirrored {
    transform: scaleX(-1);
  }

  /* Inset so that the pulse, at 1.25 times, still stays inside the stage. */
  [part='countdown'] {
    position: absolute;
    inset: 12%;
    display: grid;
    place-items: center;
    font-size: 5rem;
    font-weight: 700;
    color: #ffffff;
    text-shadow: 0 2px 8px rgb(0 0 0 / 0.6);
  }

  [part='countdown'] {
    animation: pulse 1s ease-out infinite;
  }

  @keyframes pulse {
    from {
      transform: scale(1.25);
      opacity: 0.6;
    }
    to {
      transform: scale(1);
      opacity: 1;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    [part='countdown'] {
      animation: none;
    }
  }

  [part='level'] {
    position: absolute;
    inset-inline: 0.75rem;
    inset-block-end: 0.75rem;
    block-size: 0.5rem;
    border-radius: 0.25rem;
    background: rgb(255 255 255 / 0.35);
    overflow: hidden;
  }

  [part='level-bar'] {
    block-size: 100%;
    background: #3ddc84;
    transition: inline-size 100ms linear;
  }

  @media (prefers-reduced-motion: reduce) {
    [part='level-bar'] {
      transition: none;
    }
  }

  [part='timer'] {
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }

  [part='progress'],
  [part='upload-progress'] {
    width: 100%;
    accent-color: var(--_accent);
  }
`;
