// Public entry of `liveness-challenge/server`: exports only, no side effects. Server code: never import it from
// browser code, since the handlers hold the SecretKey.
export { cosAuthorization, cosPresignedUrl } from './signing/cos.js';
export type { CosAuthorizationInput, CosPresignedUrlInput } from './signing/cos.js';
export { tc3Authorization } from './signing/tc3.js';
export type { Tc3AuthorizationInput } from './signing/tc3.js';
export { imageAuthorization } from './signing/image.js';
export type { ImageAuthorizationInput } from './signing/image.js';
export { createCosLiveCodeHandler } from './codes/cos.js';
export type { CosLiveCodeHandlerOptions } from './codes/cos.js';
export { createFaceIdLiveCodeHandler } from './codes/faceid.js';
export type { FaceIdLiveCodeHandlerOptions } from './codes/faceid.js';
export { createLegacyLiveCodeHandler } from './codes/legacy.js';
export type { LegacyLiveCodeHandlerOptions } from './codes/legacy.js';
export type {
  CommonHandlerOptions,
  FetchFunction,
  LiveCodeHandler,
  LivenessHandler,
  RequestHandler,
} from './http/types.js';
export { createCosLivenessHandler } from './verify/cos.js';
export type { CosLivenessHandlerOptions } from './verify/cos.js';
export { createFaceIdLivenessHandler } from './verify/faceid.js';
export type { FaceIdLivenessHandlerOptions, ReferencePhoto } from './verify/faceid.js';
export type {
  IdentityCallback,
  LivenessHandlerOptions,
  LivenessIdentity,
  LivenessOutcome,
  SubmittedFields,
  Take,
} from './verify/pipeline.js';
export { createMemoryCodeStore } from './codes/code-store.js';
export type { CodeStore, MemoryCodeStoreOptions } from './codes/code-store.js';
export { createMemoryIdempotencyStore } from './verify/idempotency.js';
export type { IdempotencyStore, MemoryIdempotencyStoreOptions, StoredAnswer } from './verify/idempotency.js';
export type { SessionCallback, SessionOptions } from './http/session.js';
export type { CodeIssueLimit, CodeIssueOptions } from './codes/code-issue.js';
export { checkTake } from './verify/checks.js';
export type { AcceptedTake, RefusedTake, TakeCheck, TakeCheckOptions } from './verify/checks.js';
export {
  IDEMPOTENCY_KEY_HEADER,
  LIVENESS_CODE_FIELD,
  LIVENESS_REFUSAL_STATUS,
  LIVENESS_VIDEO_FIELD,
} from '../protocol/wire.js';
export type {
  LivenessAnswer,
  LivenessRefusalAnswer,
  LivenessRefusalReason,
  LivenessRejectedAnswer,
  LivenessResult,
  LivenessVerifiedAnswer,
  TakeRefusalDetails,
  TakeRefusalReason,
} from '../protocol/wire.js';
export { toNodeListener } from './http/node-adapter.js';
export type { NodeListener } from './http/node-adapter.js';
