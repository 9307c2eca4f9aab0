// Hash and HMAC helpers on Web Crypto (`globalThis.crypto.subtle`), which Node >= 20, Deno, Bun and edge runtimes
// all provide. Web Crypto is asynchronous, which is why every signing function of this package returns a Promise.

type Bytes = Uint8Array<ArrayBuffer>;
export type BytesOrText = string | Bytes;

const encoder = new TextEncoder();

export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

function toBytes(input: BytesOrText): Bytes {
  return typeof input === 'string' ? utf8(input) : input;
}

function subtle() {
  const found = globalThis.crypto?.subtle;
  if (!found) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available: use Node 20 or later.');
  return found;
}

async function hmac(hash: 'SHA-1' | 'SHA-256', key: BytesOrText, message: BytesOrText): Promise<Bytes> {
  const cryptoKey = await subtle().importKey('raw', toBytes(key), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', cryptoKey, toBytes(message)));
}

export function hmacSha1(key: BytesOrText, message: BytesOrText): Promise<Bytes> {
  return hmac('SHA-1', key, message);
}

export function hmacSha256(key: BytesOrText, message: BytesOrText): Promise<Bytes> {
  return hmac('SHA-256', key, message);
}

export async function sha1Hex(message: BytesOrText): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-1', toBytes(message))));
}

export async function sha256Hex(message: BytesOrText): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', toBytes(message))));
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

// btoa takes a "binary string" (one char per byte); it is global in Node >= 16 and every edge runtime, unlike Buffer.
// Chunked: a take is megabytes, and one character at a time would be slow; 32 KiB stays under argument limits.
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

interface IncrementalHash {
  update(data: string | Uint8Array): unknown;
  digest(encoding: 'hex'): string;
}

/**
 * Node's own incremental SHA-256 where the runtime has it (Node 20.16+, and runtimes with Node compatibility):
 * it hashes a take in place and piece by piece, where Web Crypto copies the whole input first.
 */
export function incrementalSha256(): IncrementalHash | undefined {
  const builtin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule?.('node:crypto');
  return (builtin as { createHash?: (algorithm: string) => IncrementalHash } | undefined)?.createHash?.('sha256');
}

/** SHA-256 of a large input, without a copy where the runtime allows. */
export async function sha256HexOfBytes(bytes: Bytes | Uint8Array): Promise<string> {
  const hash = incrementalSha256();
  if (hash !== undefined) {
    hash.update(bytes);
    return hash.digest('hex');
  }
  return toHex(new Uint8Array(await subtle().digest('SHA-256', bytes as Bytes)));
}

/** Raw bytes per base64 piece: a multiple of 3, so the pieces' encodings join without padding in between. */
const BASE64_PIECE_BYTES = 3 * 16 * 1024;
const BASE64_DIGITS = utf8('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/** Writes the base64 of `bytes` into `out` (4/3 of its length, rounded up to 4) and returns how many bytes it wrote. */
function base64Into(bytes: Uint8Array, out: Uint8Array): number {
  let at = 0;
  let index = 0;
  for (; index + 3 <= bytes.length; index += 3) {
    const triple = (bytes[index]! << 16) | (bytes[index + 1]! << 8) | bytes[index + 2]!;
    out[at++] = BASE64_DIGITS[triple >>> 18]!;
    out[at++] = BASE64_DIGITS[(triple >>> 12) & 63]!;
    out[at++] = BASE64_DIGITS[(triple >>> 6) & 63]!;
    out[at++] = BASE64_DIGITS[triple & 63]!;
  }
  const left = bytes.length - index;
  if (left > 0) {
    const triple = (bytes[index]! << 16) | (left === 2 ? bytes[index + 1]! << 8 : 0);
    out[at++] = BASE64_DIGITS[triple >>> 18]!;
    out[at++] = BASE64_DIGITS[(triple >>> 12) & 63]!;
    out[at++] = left === 2 ? BASE64_DIGITS[(triple >>> 6) & 63]! : 61;
    out[at++] = 61;
  }
  return at;
}

/**
 * `prefix + base64(bytes) + suffix` as a Blob (which fetch streams) and its SHA-256, encoded piece by piece into one
 * scratch buffer that the Blob copies: the request body of a take is 4/3 of its size, and this Blob is the only
 * copy of it. (A string would be held again by its UTF-8 encoding and again by fetch.)
 */
export async function base64Body(prefix: string, bytes: Uint8Array, suffix: string): Promise<{ body: Blob; sha256: string }> {
  const hash = incrementalSha256();
  const scratch = new Uint8Array((BASE64_PIECE_BYTES / 3) * 4);
  const pieces: Blob[] = [new Blob([prefix])];
  hash?.update(prefix);
  for (let start = 0; start < bytes.length; start += BASE64_PIECE_BYTES) {
    const piece = scratch.subarray(0, base64Into(bytes.subarray(start, start + BASE64_PIECE_BYTES), scratch));
    hash?.update(piece);
    pieces.push(new Blob([piece]));
  }
  pieces.push(new Blob([suffix]));
  hash?.update(suffix);
  // Blob parts are referenced, not copied.
  const body = new Blob(pieces);
  const sha256 = hash !== undefined ? hash.digest('hex') : await sha256HexOfBytes(new Uint8Array(await body.arrayBuffer()));
  return { body, sha256 };
}

export function concatBytes(first: Uint8Array, second: Uint8Array): Bytes {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}

/** A random id for locally generated errors and request sequence numbers. */
export function randomId(): string {
  return globalThis.crypto.randomUUID();
}

/** A random unsigned 32-bit integer (the legacy signature's `r` field). */
export function randomUint32(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}
