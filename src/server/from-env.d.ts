import type { LiveCodeHandler } from './handlers/types.js';
export interface HandlerFromEnv {
    handler: LiveCodeHandler;
    /** e.g. `COS GetLiveCode (presigned, bucket examplebucket-1250000000, region ap-guangzhou)`; never a secret. */
    description: string;
}
type Env = Record<string, string | undefined>;
/**
 * Reads:
 * - `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` (both required), `TENCENTCLOUD_SESSION_TOKEN` (temporary keys);
 * - `LIVENESS_UPSTREAM`: `cos` or `faceid`; when unset, COS if `COS_BUCKET` and `COS_REGION` are set, else FaceID
 *   if `FACEID_REGION` is set;
 * - `COS_BUCKET`, `COS_REGION`, `COS_MODE` (`presign`, the default, or `proxy`); `FACEID_REGION`;
 * - `LIVENESS_ALLOWED_ORIGINS`: comma-separated origins allowed cross-origin (same-origin calls need none).
 *
 * Returns undefined when the variables do not describe an upstream; throws when they name one badly
 * (an unknown `LIVENESS_UPSTREAM` or `COS_MODE`, a malformed bucket), so a typo fails at startup.
 */
export declare function liveCodeHandlerFromEnv(env: Env): HandlerFromEnv | undefined;
export {};
