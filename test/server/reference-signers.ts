// Second, independent implementations of the three signatures on node:crypto (the library uses Web Crypto), written
// straight from docs/tencent.md. Tests check what the fake upstreams receive against these, not against the library.
import { createHash, createHmac } from 'node:crypto';

function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonical(entries: Record<string, string>): [string, string] {
  const pairs = Object.entries(entries)
    .map(([key, value]) => [encode(key).toLowerCase(), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return [pairs.map(([k, v]) => `${k}=${v}`).join('&'), pairs.map(([k]) => k).join(';')];
}

export function referenceCosSignature(
  secretKey: string,
  method: string,
  path: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  keyTime: string,
): { signature: string; urlParamList: string; headerList: string } {
  const [httpParameters, urlParamList] = canonical(query);
  const [httpHeaders, headerList] = canonical(headers);
  const httpString = `${method.toLowerCase()}\n${path}\n${httpParameters}\n${httpHeaders}\n`;
  const signKey = createHmac('sha1', secretKey).update(keyTime).digest('hex');
  const stringToSign = `sha1\n${keyTime}\n${createHash('sha1').update(httpString).digest('hex')}\n`;
  return { signature: createHmac('sha1', signKey).update(stringToSign).digest('hex'), urlParamList, headerList };
}

export function referenceTc3Signature(
  secretKey: string,
  service: string,
  host: string,
  contentType: string,
  payload: string,
  timestamp: number,
): string {
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  const canonicalRequest = `POST\n/\n\ncontent-type:${contentType}\nhost:${host}\n\ncontent-type;host\n${hash(payload)}`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${hash(canonicalRequest)}`;
  const kDate = createHmac('sha256', `TC3${secretKey}`).update(date).digest();
  const kService = createHmac('sha256', kDate).update(service).digest();
  const kSigning = createHmac('sha256', kService).update('tc3_request').digest();
  return createHmac('sha256', kSigning).update(stringToSign).digest('hex');
}

/** Splits a legacy signature into its HMAC and original text, and says whether the HMAC matches the key. */
export function openImageSignature(secretKey: string, authorization: string): { original: string; valid: boolean } {
  const raw = Buffer.from(authorization, 'base64');
  const original = raw.subarray(20).toString('utf8');
  const expected = createHmac('sha1', secretKey).update(original).digest();
  return { original, valid: expected.equals(raw.subarray(0, 20)) };
}
