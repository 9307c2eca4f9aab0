export { LivenessChallenge, type LivenessState } from './liveness-challenge.js';
export {
  LivenessCodeEvent,
  LivenessErrorEvent,
  type LivenessCodeDetail,
  type LivenessErrorDetail,
} from './events.js';
export { LivenessError, type LivenessErrorReason } from './errors.js';
export { parseCodeAnswer, type CodeAnswer, type RawAnswer, type SignedRequest } from './code/parse.js';
export { en, zhCN, type LivenessLanguage, type LivenessStrings } from './strings/index.js';
