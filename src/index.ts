export { LivenessChallenge, type LivenessState } from './liveness-challenge.js';
export {
  LivenessCodeEvent,
  LivenessCompleteEvent,
  LivenessErrorEvent,
  LivenessStartEvent,
  type LivenessCodeDetail,
  type LivenessCompleteDetail,
  type LivenessErrorDetail,
  type LivenessStartDetail,
} from './events.js';
export { LivenessError, type LivenessErrorReason } from './errors.js';
export { parseCodeAnswer, type CodeAnswer, type RawAnswer, type SignedRequest } from './code/parse.js';
export { en, zhCN, type LivenessLanguage, type LivenessStrings } from './strings/index.js';
