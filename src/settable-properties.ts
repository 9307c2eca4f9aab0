import type { LivenessChallenge } from './liveness-challenge.js';

/**
 * The properties an owner may set on the element (the rest are read-only state or methods): the framework props.
 * Each also takes `undefined`, so a page compiled with `exactOptionalPropertyTypes` can pass `prop={maybe}`.
 */
export type LivenessChallengeSettableProperties = OrUndefined<
  Pick<
    LivenessChallenge,
    | 'endpoint'
    | 'method'
    | 'headers'
    | 'credentials'
    | 'timeout'
    | 'codeLength'
    | 'lang'
    | 'countdown'
    | 'maxDuration'
    | 'minDuration'
    | 'maxBytes'
    | 'review'
    | 'mimeType'
    | 'speechLevel'
    | 'minSpeechMs'
    | 'codeTtl'
    | 'submitEndpoint'
    | 'submitFields'
    | 'strings'
    | 'mediaRecorderClass'
  >
>;

type OrUndefined<T> = { [K in keyof T]?: T[K] | undefined };
