import { LivenessChallenge } from './liveness-challenge.js';

LivenessChallenge.define();

declare global {
  interface HTMLElementTagNameMap {
    'liveness-challenge': LivenessChallenge;
  }
}

export { LivenessChallenge };
