export { LivenessChallenge, type LivenessState } from './liveness-challenge.js';
export {
  LivenessCodeEvent,
  LivenessCompleteEvent,
  LivenessErrorEvent,
  LivenessStartEvent,
  LivenessSubmittedEvent,
  type LivenessCodeDetail,
  type LivenessCompleteDetail,
  type LivenessErrorDetail,
  type LivenessStartDetail,
  type LivenessSubmittedDetail,
} from './events.js';
export type { LivenessResult } from './submit/answer.js';
export type { UploadAnswer, UploadRequest } from './submit/upload.js';
export { LivenessError, type LivenessErrorReason } from './errors.js';
export { parseCodeAnswer, type CodeAnswer, type RawAnswer, type SignedRequest } from './code/parse.js';
export {
  en,
  zhCN,
  type LivenessLanguage,
  type LivenessStrings,
  type LivenessStringsOverride,
} from './strings/index.js';
