// Public entry of `liveness-challenge/server`: exports only, no side effects. Server code: never import it from
// browser code, since the handlers hold the SecretKey.
export { cosAuthorization, cosPresignedUrl } from './cos-signature.js';
export { tc3Authorization } from './tc3-signature.js';
export { imageAuthorization } from './image-signature.js';
export { createCosLiveCodeHandler } from './handlers/cos.js';
export { createFaceIdLiveCodeHandler } from './handlers/faceid.js';
export { createLegacyLiveCodeHandler } from './handlers/legacy.js';
export { toNodeListener } from './node-adapter.js';
