import type { CommonHandlerOptions, LiveCodeHandler } from './types.js';
export interface FaceIdLiveCodeHandlerOptions extends CommonHandlerOptions {
    secretId: string;
    secretKey: string;
    /** The session token of a temporary key, sent as `X-TC-Token`. */
    token?: string;
    /** Sent as `X-TC-Region` when given, e.g. `ap-guangzhou`. GetLiveCode does not require it. */
    region?: string;
}
export declare function createFaceIdLiveCodeHandler(options: FaceIdLiveCodeHandlerOptions): LiveCodeHandler;
