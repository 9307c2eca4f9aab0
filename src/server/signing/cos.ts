// COS request signature (q-sign-algorithm=sha1), as the official COS SDKs compute it.
// See docs/tencent.md §2 for the steps this file follows one by one.
import { hmacSha1, sha1Hex, toHex } from './crypto.js';

export interface CosAuthorizationInput {
  secretId: string;
  secretKey: string;
  /** HTTP method, any case: it is lowercased for signing. */
  method: string;
  /** The decoded path (the object key) with a leading `/`, e.g. `/exampleobject(腾讯云)`; `/` for bucket-level calls. */
  pathname: string;
  /** Decoded query parameters to sign; exactly these are signed. */
  query?: Readonly<Record<string, string>> | undefined;
  /** Headers to sign; exactly these are signed. */
  headers?: Readonly<Record<string, string>> | undefined;
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
  securityToken?: string | undefined;
  /** Full bucket name including the APPID, e.g. `examplebucket-1250000000`. */
  bucket: string;
  /** COS region, e.g. `ap-guangzhou`. */
  region: string;
  /** Decoded object key with a leading `/`. Default `/`. */
  pathname?: string | undefined;
  /** The request's own decoded query, signed and placed in the URL, e.g. `{ 'ci-process': 'GetLiveCode' }`. */
  query?: Readonly<Record<string, string>> | undefined;
  /** Unix seconds at which the URL becomes valid. */
  startTime: number;
  /** Seconds the URL stays valid after `startTime`. */
  expiresIn: number;
  /** Replaces `https://<bucket>.cos.<region>.myqcloud.com` (tests, private endpoints); its host is the one signed. */
  baseUrl?: string | undefined;
}

/** COS UrlEncode: percent-encodes everything but `A-Z a-z 0-9 - _ . ~`, with uppercase hex. */
export function cosUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Steps 3 and 4: `k1=v1&k2=v2` and `k1;k2`, keys lowercased after encoding and sorted. */
export function cosCanonicalPairs(entries: Readonly<Record<string, string>>): { pairs: string; list: string } {
  const encoded = new Map<string, string>();
  for (const [key, value] of Object.entries(entries)) {
    const encodedKey = cosUrlEncode(key).toLowerCase();
    // Two keys differing only in case would sign one value and send two: refuse rather than guess.
    // The key is left out of the message, as every input is: an error may end up in a log or an answer.
    if (encoded.has(encodedKey)) throw new TypeError('Two keys to sign are the same once lowercased and encoded');
    encoded.set(encodedKey, cosUrlEncode(value));
  }
  const keys = [...encoded.keys()].sort();
  return {
    pairs: keys.map((key) => `${key}=${encoded.get(key)}`).join('&'),
    list: keys.join(';'),
  };
}

function checkKeyTime(keyTime: string): void {
  const match = /^(\d+);(\d+)$/.exec(keyTime);
  if (!match || Number(match[1]) > Number(match[2])) {
    throw new TypeError('keyTime must be "start;end" in Unix seconds, with start <= end');
  }
}

function leadingSlash(pathname: string): string {
  return pathname.startsWith('/') ? pathname : `/${pathname}`;
}

/** Every intermediate value of the signature, so each step can be checked against the documented vectors. */
export async function cosSignatureParts(input: CosAuthorizationInput): Promise<CosSignatureParts> {
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
export async function cosAuthorization(input: CosAuthorizationInput): Promise<string> {
  return (await cosSignatureParts(input)).authorization;
}

/** `https://<bucket>.cos.<region>.myqcloud.com`, refusing names that could smuggle another host into the URL. */
export function cosBaseUrl(bucket: string, region: string): string {
  if (!/^[a-z0-9][a-z0-9-]*-\d+$/.test(bucket)) {
    throw new TypeError('bucket must be the full COS bucket name with its APPID, e.g. "examplebucket-1250000000"');
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(region)) throw new TypeError('region must be a COS region, e.g. "ap-guangzhou"');
  return `https://${bucket}.cos.${region}.myqcloud.com`;
}

function encodePath(pathname: string): string {
  return leadingSlash(pathname)
    .split('/')
    .map((segment) => cosUrlEncode(segment))
    .join('/');
}

/**
 * The origin of `baseUrl`. Node's own URL error carries the value in its `input` property, so it is replaced by one
 * that names the option only.
 */
function baseOrigin(baseUrl: unknown): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(
      'baseUrl must be a URL such as "https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com"',
    );
  }
  return url.origin;
}

/**
 * A pre-signed COS URL: the request's own query, then the signature fields, then `x-cos-security-token` when a
 * temporary key is used. The `host` header is signed, so the URL only works against that host.
 */
export async function cosPresignedUrl(input: CosPresignedUrlInput): Promise<string> {
  if (!Number.isInteger(input.startTime) || input.startTime < 0) {
    throw new TypeError('startTime must be Unix seconds (a non-negative integer)');
  }
  if (!Number.isInteger(input.expiresIn) || input.expiresIn <= 0) {
    throw new TypeError('expiresIn must be a positive whole number of seconds');
  }
  const origin = input.baseUrl === undefined ? cosBaseUrl(input.bucket, input.region) : baseOrigin(input.baseUrl);
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
  if (input.securityToken) fields.push(`x-cos-security-token=${cosUrlEncode(input.securityToken)}`);
  return `${origin}${encodePath(pathname)}?${fields.join('&')}`;
}
