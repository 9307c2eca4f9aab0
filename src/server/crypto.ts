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
