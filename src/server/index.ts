// Public entry of `liveness-challenge/server`: exports only, no side effects. Server code: never import it from
// browser code, since the handlers hold the SecretKey.
export { cosAuthorization, cosPresignedUrl } from './cos-signature.js';
export type { CosAuthorizationInput, CosPresignedUrlInput } from './cos-signature.js';
export { tc3Authorization } from './tc3-signature.js';
export type { Tc3AuthorizationInput } from './tc3-signature.js';
export { imageAuthorization } from './image-signature.js';
export type { ImageAuthorizationInput } from './image-signature.js';
export { createCosLiveCodeHandler } from './handlers/cos.js';
export type { CosLiveCodeHandlerOptions } from './handlers/cos.js';
export { createFaceIdLiveCodeHandler } from './handlers/faceid.js';
export type { FaceIdLiveCodeHandlerOptions } from './handlers/faceid.js';
export { createLegacyLiveCodeHandler } from './handlers/legacy.js';
export type { LegacyLiveCodeHandlerOptions } from './handlers/legacy.js';
export type { CommonHandlerOptions, FetchFunction, LiveCodeHandler } from './handlers/types.js';
export { createCosLivenessHandler } from './handlers/cos-liveness.js';
export type { CosLivenessHandlerOptions } from './handlers/cos-liveness.js';
export { createFaceIdLivenessHandler } from './handlers/faceid-liveness.js';
export type { FaceIdLivenessHandlerOptions, ReferencePhoto } from './handlers/faceid-liveness.js';
export type {
  IdentityCallback,
  LivenessHandlerOptions,
  LivenessIdentity,
  LivenessOutcome,
  SubmittedFields,
  Take,
} from './liveness/pipeline.js';
export { createMemoryCodeStore } from './liveness/code-store.js';
export type { CodeStore, MemoryCodeStoreOptions } from './liveness/code-store.js';
export { createMemoryIdempotencyStore } from './liveness/idempotency.js';
export type { IdempotencyStore, MemoryIdempotencyStoreOptions, StoredAnswer } from './liveness/idempotency.js';
export type { SessionCallback, SessionOptions } from './liveness/session.js';
export type { CodeIssueLimit, CodeIssueOptions } from './handlers/code-issue.js';
export { checkTake } from './liveness/checks.js';
export type { AcceptedTake, RefusedTake, TakeCheck, TakeCheckOptions } from './liveness/checks.js';
export { IDEMPOTENCY_KEY_HEADER, LIVENESS_CODE_FIELD, LIVENESS_REFUSAL_STATUS, LIVENESS_VIDEO_FIELD } from './liveness/wire.js';
export type {
  LivenessAnswer,
  LivenessRefusalAnswer,
  LivenessRefusalReason,
  LivenessRejectedAnswer,
  LivenessResult,
  LivenessVerifiedAnswer,
  TakeRefusalDetails,
  TakeRefusalReason,
} from './liveness/wire.js';
export { toNodeListener } from './node-adapter.js';
export type { NodeListener } from './node-adapter.js';
