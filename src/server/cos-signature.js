// COS request signature (q-sign-algorithm=sha1), as the official COS SDKs compute it.
// See TENCENT.md §2 for the steps this file follows one by one.
import { hmacSha1, sha1Hex, toHex } from './crypto.js';
/** COS UrlEncode: percent-encodes everything but `A-Z a-z 0-9 - _ . ~`, with uppercase hex. */
export function cosUrlEncode(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** Steps 3 and 4: `k1=v1&k2=v2` and `k1;k2`, keys lowercased after encoding and sorted. */
export function cosCanonicalPairs(entries) {
    const encoded = new Map();
    for (const [key, value] of Object.entries(entries)) {
        const encodedKey = cosUrlEncode(key).toLowerCase();
        // Two keys differing only in case would sign one value and send two: refuse rather than guess.
        if (encoded.has(encodedKey))
            throw new TypeError(`Duplicate key to sign: ${encodedKey}`);
        encoded.set(encodedKey, cosUrlEncode(value));
    }
    const keys = [...encoded.keys()].sort();
    return {
        pairs: keys.map((key) => `${key}=${encoded.get(key)}`).join('&'),
        list: keys.join(';'),
    };
}
function checkKeyTime(keyTime) {
    const match = /^(\d+);(\d+)$/.exec(keyTime);
    if (!match || Number(match[1]) > Number(match[2])) {
        throw new TypeError('keyTime must be "start;end" in Unix seconds, with start <= end');
    }
}
function leadingSlash(pathname) {
    return pathname.startsWith('/') ? pathname : `/${pathname}`;
}
/** Every intermediate value of the signature, so each step can be checked against the documented vectors. */
export async function cosSignatureParts(input) {
    checkKeyTime(input.keyTime);
    const query = cosCanonicalPairs(input.query ?? {});
    const headers = cosCanonicalPairs(input.headers ?? {});
    const signKey = toHex(await hmacSha1(input.secretKey, input.keyTime));
    const httpString = `${input.method.toLowerCase()}\n${leadingSlash(input.pathname)}\n${query.pairs}\n${headers.pairs}\n`;
    const httpStringSha1 = await sha1Hex(httpString);
    const stringToSign = `sha1\n${input.keyTime}\n${httpStringSha1}\n`;
    // The key is the hex *string* of SignKey, not its bytes.
    const signature = toHex(await hmacSha1(signKey, stringToSign));
    const authorization = [
        'q-sign-algorithm=sha1',
        `q-ak=${input.secretId}`,
        `q-sign-time=${input.keyTime}`,
        `q-key-time=${input.keyTime}`,
        `q-header-list=${headers.list}`,
        `q-url-param-list=${query.list}`,
        `q-signature=${signature}`,
    ].join('&');
    return {
        signKey,
        httpParameters: query.pairs,
        urlParamList: query.list,
        httpHeaders: headers.pairs,
        headerList: headers.list,
        httpString,
        httpStringSha1,
        stringToSign,
        signature,
        authorization,
    };
}
/** The COS `Authorization` header value. Async because it uses Web Crypto. */
export async function cosAuthorization(input) {
    return (await cosSignatureParts(input)).authorization;
}
/** `https://<bucket>.cos.<region>.myqcloud.com`, refusing names that could smuggle another host into the URL. */
export function cosBaseUrl(bucket, region) {
    if (!/^[a-z0-9][a-z0-9-]*-\d+$/.test(bucket)) {
        throw new TypeError('bucket must be the full COS bucket name with its APPID, e.g. "examplebucket-1250000000"');
    }
    if (!/^[a-z0-9][a-z0-9-]*$/.test(region))
        throw new TypeError('region must be a COS region, e.g. "ap-guangzhou"');
    return `https://${bucket}.cos.${region}.myqcloud.com`;
}
function encodePath(pathname) {
    return leadingSlash(pathname)
        .split('/')
        .map((segment) => cosUrlEncode(segment))
        .join('/');
}
/**
 * A pre-signed COS URL: the request's own query, then the signature fields, then `x-cos-security-token` when a
 * temporary key is used. The `host` header is signed, so the URL only works against that host.
 */
export async function cosPresignedUrl(input) {
    if (!Number.isInteger(input.startTime) || input.startTime < 0) {
        throw new TypeError('startTime must be Unix seconds (a non-negative integer)');
    }
    if (!Number.isInteger(input.expiresIn) || input.expiresIn <= 0) {
        throw new TypeError('expiresIn must be a positive whole number of seconds');
    }
    const origin = new URL(input.baseUrl ?? cosBaseUrl(input.bucket, input.region)).origin;
    const pathname = input.pathname ?? '/';
    const query = input.query ?? {};
    const authorization = await cosAuthorization({
        secretId: input.secretId,
        secretKey: input.secretKey,
        method: 'get',
        pathname,
        query,
        headers: { host: new URL(origin).host },
        keyTime: `${input.startTime};${input.startTime + input.expiresIn}`,
    });
    const fields = Object.entries(query).map(([key, value]) => `${cosUrlEncode(key)}=${cosUrlEncode(value)}`);
    for (const pair of authorization.split('&')) {
        const [key = '', value = ''] = pair.split(/=(.*)/s);
        fields.push(`${key}=${cosUrlEncode(value)}`);
    }
    if (input.securityToken)
        fields.push(`x-cos-security-token=${cosUrlEncode(input.securityToken)}`);
    return `${origin}${encodePath(pathname)}?${fields.join('&')}`;
}
