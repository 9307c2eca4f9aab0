import type { CommonHandlerOptions, LiveCodeHandler } from './types.js';
export interface LegacyLiveCodeHandlerOptions extends CommonHandlerOptions {
    /** The numeric APPID. */
    appId: string | number;
    secretId: string;
    secretKey: string;
    /** The `b` field of the signature; the face APIs leave it empty. Default `''`. */
    bucket?: string;
}
export declare function createLegacyLiveCodeHandler(options: LegacyLiveCodeHandlerOptions): LiveCodeHandler;
