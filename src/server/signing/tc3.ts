// TC3-HMAC-SHA256, the Cloud API 3.0 signature (docs/tencent.md §3). Only `content-type` and `host` are signed, as in
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

/** The signing key of one SecretKey for a date (`yyyy-mm-dd`) and a service. */
export type Tc3SigningKeys = (date: string, service: string) => Promise<Uint8Array<ArrayBuffer>>;

async function deriveSigningKey(secretKey: string, date: string, service: string): Promise<Uint8Array<ArrayBuffer>> {
  const dateKey = await hmacSha256(`TC3${secretKey}`, date);
  const serviceKey = await hmacSha256(dateKey, service);
  return hmacSha256(serviceKey, 'tc3_request');
}

/**
 * The signing keys of one SecretKey, each derived once: a key serves every request of its UTC day and service, and
 * its chain of three HMACs was a seventh of a code request's CPU. The SecretKey and the keys stay in this closure;
 * a new date forgets the previous day's keys.
 */
export function tc3SigningKeys(secretKey: string): Tc3SigningKeys {
  let day = '';
  const keys = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  return (date, service) => {
    if (date !== day) {
      keys.clear();
      day = date;
    }
    let key = keys.get(service);
    if (key === undefined) {
      key = deriveSigningKey(secretKey, date, service);
      keys.set(service, key);
    }
    return key;
  };
}

/**
 * What tc3SignatureParts signs: the payload itself, or (for a payload too large to hold as a string) its SHA-256;
 * with the SecretKey, or the signing keys made from it once (tc3SigningKeys).
 */
export type Tc3SigningInput = Omit<Tc3AuthorizationInput, 'payload' | 'secretKey'> &
  ({ payload: string } | { payloadSha256: string }) &
  ({ secretKey: string } | { signingKeys: Tc3SigningKeys });

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
  const signingKey =
    'signingKeys' in input
      ? await input.signingKeys(date, input.service)
      : await deriveSigningKey(input.secretKey, date, input.service);
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
