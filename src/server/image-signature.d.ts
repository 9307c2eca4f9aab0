export interface ImageAuthorizationInput {
    appId: string | number;
    /** Empty for the face APIs. Default `''`. */
    bucket?: string;
    secretId: string;
    secretKey: string;
    /** Unix seconds at which the signature expires (`e`); must be after `now`. */
    expires: number;
    /** Unix seconds at signing time (`t`). */
    now: number;
    /** A random non-negative integer (`r`). */
    rand: number;
    /** Empty for multi-use signatures. Default `''`. */
    fileId?: string;
}
/** The plain text that is signed and then carried, base64-encoded, inside the signature. */
export declare function imageOriginal(input: ImageAuthorizationInput): string;
/** Base64(HMAC-SHA1(SecretKey, original) as raw bytes, then the original). Async because it uses Web Crypto. */
export declare function imageAuthorization(input: ImageAuthorizationInput): Promise<string>;
