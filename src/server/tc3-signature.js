// TC3-HMAC-SHA256, the Cloud API 3.0 signature (TENCENT.md §3). Only `content-type` and `host` are signed, as in
// the official SDKs; the X-TC-* headers travel unsigned.
import { hmacSha256, sha256Hex, toHex } from './crypto.js';
const SIGNED_HEADERS = 'content-type;host';
/** The UTC calendar date (`yyyy-mm-dd`) of a Unix timestamp in seconds. */
export function tc3Date(timestamp) {
    return new Date(timestamp * 1000).toISOString().slice(0, 10);
}
export async function tc3SignatureParts(input) {
    if (!Number.isInteger(input.timestamp) || input.timestamp < 0) {
        throw new TypeError('timestamp must be Unix seconds (a non-negative integer)');
    }
    const date = tc3Date(input.timestamp);
    const credentialScope = `${date}/${input.service}/tc3_request`;
    const payloadSha256 = await sha256Hex(input.payload);
    const canonicalRequest = [
        'POST',
        '/',
        '',
        `content-type:${input.contentType}\nhost:${input.host}\n`,
        SIGNED_HEADERS,
        payloadSha256,
    ].join('\n');
    const canonicalRequestSha256 = await sha256Hex(canonicalRequest);
    const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${credentialScope}\n${canonicalRequestSha256}`;
    const dateKey = await hmacSha256(`TC3${input.secretKey}`, date);
    const serviceKey = await hmacSha256(dateKey, input.service);
    const signingKey = await hmacSha256(serviceKey, 'tc3_request');
    const signature = toHex(await hmacSha256(signingKey, stringToSign));
    const authorization = `TC3-HMAC-SHA256 Credential=${input.secretId}/${credentialScope}, ` +
        `SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;
    return {
        date,
        credentialScope,
        payloadSha256,
        canonicalRequest,
        canonicalRequestSha256,
        stringToSign,
        signature,
        authorization,
    };
}
/** The Cloud API 3.0 `Authorization` header value. Async because it uses Web Crypto. */
export async function tc3Authorization(input) {
    return (await tc3SignatureParts(input)).authorization;
}
