import type { LivenessChallenge } from './liveness-challenge.js';

/** The properties an owner may set on the element (the rest are read-only state or methods): the framework props. */
export type LivenessChallengeSettableProperties = Partial<
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
