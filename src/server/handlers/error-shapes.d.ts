import type { ErrorShape } from './types.js';
/** COS XML: `<Error><Code/><Message/><RequestId/></Error>`. */
export declare const cosXmlError: ErrorShape;
/** Cloud API 3.0 JSON: `{"Response":{"Error":{"Code","Message"},"RequestId"}}`. */
export declare const cloudApiError: ErrorShape;
/**
 * Legacy JSON: `{"data":{},"code":N,"message":"…"}`. The code is the HTTP status, which no legacy code uses, so
 * a local failure is never mistaken for one of Tencent's.
 */
export declare const legacyError: ErrorShape;
export declare function jsonResponse(body: unknown, status?: number): Response;
