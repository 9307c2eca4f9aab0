export interface Tc3AuthorizationInput {
    secretId: string;
    secretKey: string;
    /** Product name, e.g. `faceid`. */
    service: string;
    /** The Host header sent, e.g. `faceid.tencentcloudapi.com`. */
    host: string;
    /** The Content-Type header sent, exactly, e.g. `application/json; charset=utf-8`. */
    contentType: string;
    /** The exact request body (hashed as UTF-8). */
    payload: string;
    /** Unix seconds; the same value goes in `X-TC-Timestamp`. */
    timestamp: number;
}
export interface Tc3SignatureParts {
    date: string;
    credentialScope: string;
    payloadSha256: string;
    canonicalRequest: string;
    canonicalRequestSha256: string;
    stringToSign: string;
    signature: string;
    authorization: string;
}
/** The UTC calendar date (`yyyy-mm-dd`) of a Unix timestamp in seconds. */
export declare function tc3Date(timestamp: number): string;
export declare function tc3SignatureParts(input: Tc3AuthorizationInput): Promise<Tc3SignatureParts>;
/** The Cloud API 3.0 `Authorization` header value. Async because it uses Web Crypto. */
export declare function tc3Authorization(input: Tc3AuthorizationInput): Promise<string>;
