// The legacy image-service signature (docs/tencent.md §4), still required by `livegetfour` for old integrations.
import { concatBytes, hmacSha1, toBase64, utf8 } from './crypto.js';

export interface ImageAuthorizationInput {
  appId: string | number;
  /** Empty for the face APIs. Default `''`. */
  bucket?: string | undefined;
  secretId: string;
  secretKey: string;
  /** Unix seconds at which the signature expires (`e`); must be after `now`. */
  expires: number;
  /** Unix seconds at signing time (`t`). */
  now: number;
  /** A random non-negative integer (`r`). */
  rand: number;
  /** Empty for multi-use signatures. Default `''`. */
  fileId?: string | undefined;
}

/** The plain text that is signed and then carried, base64-encoded, inside the signature. */
export function imageOriginal(input: ImageAuthorizationInput): string {
  if (!Number.isInteger(input.now) || !Number.isInteger(input.expires) || input.expires <= input.now) {
    throw new TypeError('now and expires must be Unix seconds, with expires after now');
  }
  if (!Number.isInteger(input.rand) || input.rand < 0) throw new TypeError('rand must be a non-negative integer');
  return (
    `a=${input.appId}&b=${input.bucket ?? ''}&k=${input.secretId}&e=${input.expires}` +
    `&t=${input.now}&r=${input.rand}&u=0&f=${input.fileId ?? ''}`
  );
}

/** Base64(HMAC-SHA1(SecretKey, original) as raw bytes, then the original). Async because it uses Web Crypto. */
export async function imageAuthorization(input: ImageAuthorizationInput): Promise<string> {
  const original = utf8(imageOriginal(input));
  return toBase64(concatBytes(await hmacSha1(input.secretKey, original), original));
}
