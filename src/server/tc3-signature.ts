// TC3-HMAC-SHA256, the Cloud API 3.0 signature (TENCENT.md §3). Only `content-type` and `host` are signed, as in
// the official SDKs; the X-TC-* headers travel unsigned.
import { hmacSha256, sha256Hex, toHex } from './crypto.js';

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

const SIGNED_HEADERS = 'content-type;host';

/** The UTC calendar date (`yyyy-mm-dd`) of a Unix timestamp in seconds. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** What tc3SignatureParts signs: the payload itself, or (for a payload too large to hold as a string) its SHA-256. */
export type Tc3SigningInput = Omit<Tc3AuthorizationInput, 'payload'> & ({ payload: string } | { payloadSha256: string });

export async function tc3SignatureParts(input: Tc3SigningInput): Promise<Tc3SignatureParts> {
  if (!Number.isInteger(input.timestamp) || input.timestamp < 0) {
    throw new TypeError('timestamp must be Unix seconds (a non-negative integer)');
  }
  const date = tc3Date(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const payloadSha256 = 'payload' in input ? await sha256Hex(input.payload) : input.payloadSha256;
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
  const authorization =
    `TC3-HMAC-SHA256 Credential=${input.secretId}/${credentialScope}, ` +
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
export async function tc3Authorization(input: Tc3AuthorizationInput): Promise<string> {
  return (await tc3SignatureParts(input)).authorization;
}
