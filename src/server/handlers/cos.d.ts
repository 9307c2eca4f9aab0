import type { CommonHandlerOptions, LiveCodeHandler } from './types.js';
export interface CosLiveCodeHandlerOptions extends CommonHandlerOptions {
    secretId: string;
    secretKey: string;
    /** The STS session token of a temporary key. In presign mode it is part of the URL, as COS requires. */
    securityToken?: string;
    /** Full bucket name with its APPID, e.g. `examplebucket-1250000000`. */
    bucket: string;
    /** e.g. `ap-guangzhou`. */
    region: string;
    /** `presign`: answer `{ url, method: 'GET' }` for the browser to call; `proxy`: call COS here. Default `presign`. */
    mode?: 'presign' | 'proxy';
    /** Seconds a signature stays valid, 1 to 300. Default 60. */
    expiresIn?: number;
}
export declare function createCosLiveCodeHandler(options: CosLiveCodeHandlerOptions): LiveCodeHandler;
