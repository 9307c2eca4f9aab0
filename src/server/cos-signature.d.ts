export interface CosAuthorizationInput {
    secretId: string;
    secretKey: string;
    /** HTTP method, any case: it is lowercased for signing. */
    method: string;
    /** The decoded path (the object key) with a leading `/`, e.g. `/exampleobject(腾讯云)`; `/` for bucket-level calls. */
    pathname: string;
    /** Decoded query parameters to sign; exactly these are signed. */
    query?: Readonly<Record<string, string>>;
    /** Headers to sign; exactly these are signed. */
    headers?: Readonly<Record<string, string>>;
    /** `"start;end"` in Unix seconds. */
    keyTime: string;
}
export interface CosSignatureParts {
    signKey: string;
    httpParameters: string;
    urlParamList: string;
    httpHeaders: string;
    headerList: string;
    httpString: string;
    httpStringSha1: string;
    stringToSign: string;
    signature: string;
    authorization: string;
}
export interface CosPresignedUrlInput {
    secretId: string;
    secretKey: string;
    /** The STS session token of a temporary key; added to the URL unsigned, as COS expects. */
    securityToken?: string;
    /** Full bucket name including the APPID, e.g. `examplebucket-1250000000`. */
    bucket: string;
    /** COS region, e.g. `ap-guangzhou`. */
    region: string;
    /** Decoded object key with a leading `/`. Default `/`. */
    pathname?: string;
    /** The request's own decoded query, signed and placed in the URL, e.g. `{ 'ci-process': 'GetLiveCode' }`. */
    query?: Readonly<Record<string, string>>;
    /** Unix seconds at which the URL becomes valid. */
    startTime: number;
    /** Seconds the URL stays valid after `startTime`. */
    expiresIn: number;
    /** Replaces `https://<bucket>.cos.<region>.myqcloud.com` (tests, private endpoints); its host is the one signed. */
    baseUrl?: string;
}
/** COS UrlEncode: percent-encodes everything but `A-Z a-z 0-9 - _ . ~`, with uppercase hex. */
export declare function cosUrlEncode(value: string): string;
/** Steps 3 and 4: `k1=v1&k2=v2` and `k1;k2`, keys lowercased after encoding and sorted. */
export declare function cosCanonicalPairs(entries: Readonly<Record<string, string>>): {
    pairs: string;
    list: string;
};
/** Every intermediate value of the signature, so each step can be checked against the documented vectors. */
export declare function cosSignatureParts(input: CosAuthorizationInput): Promise<CosSignatureParts>;
/** The COS `Authorization` header value. Async because it uses Web Crypto. */
export declare function cosAuthorization(input: CosAuthorizationInput): Promise<string>;
/** `https://<bucket>.cos.<region>.myqcloud.com`, refusing names that could smuggle another host into the URL. */
export declare function cosBaseUrl(bucket: string, region: string): string;
/**
 * A pre-signed COS URL: the request's own query, then the signature fields, then `x-cos-security-token` when a
 * temporary key is used. The `host` header is signed, so the URL only works against that host.
 */
export declare function cosPresignedUrl(input: CosPresignedUrlInput): Promise<string>;
