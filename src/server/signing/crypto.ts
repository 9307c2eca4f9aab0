// Hash and HMAC helpers: Node's own node:crypto where the runtime has it (Node 20.16+, and runtimes with Node
// compatibility), found without a static import so edge runtimes load this module too; Web Crypto
// (`globalThis.crypto.subtle`) elsewhere. Web Crypto is asynchronous, which is why every signing function of this
// package returns a Promise; node:crypto hashes a few hundred bytes in place, where each Web Crypto call is a job on
// the thread pool (and an HMAC a key import first): at a few per request that was a sixth of a code request's CPU.

type Bytes = Uint8Array<ArrayBuffer>;
export type BytesOrText = string | Bytes;

interface IncrementalHash {
  update(data: string | Uint8Array): IncrementalHash;
  digest(): Bytes;
  digest(encoding: 'hex'): string;
}

interface NodeCrypto {
  createHash(algorithm: string): IncrementalHash;
  createHmac(algorithm: string, key: string | Uint8Array): IncrementalHash;
}

let found: { module: NodeCrypto | undefined } | undefined;

/**
 * node:crypto, looked up on first use and never at import: some edge runtimes (Next.js's) throw on the mere reading
 * of `process.getBuiltinModule`, and evaluate a route's modules at build time.
 */
function nodeCryptoModule(): NodeCrypto | undefined {
  if (found === undefined) {
    try {
      const process = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
      found = { module: process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined };
    } catch {
      found = { module: undefined };
    }
  }
  return found.module;
}

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
  const nodeCrypto = nodeCryptoModule();
  if (nodeCrypto !== undefined)
    return nodeCrypto
      .createHmac(hash === 'SHA-1' ? 'sha1' : 'sha256', key)
      .update(message)
      .digest();
  const cryptoKey = await subtle().importKey('raw', toBytes(key), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', cryptoKey, toBytes(message)));
}

export function hmacSha1(key: BytesOrText, message: BytesOrText): Promise<Bytes> {
  return hmac('SHA-1', key, message);
}

export function hmacSha256(key: BytesOrText, message: BytesOrText): Promise<Bytes> {
  return hmac('SHA-256', key, message);
}

async function digestHex(hash: 'SHA-1' | 'SHA-256', message: BytesOrText): Promise<string> {
  const nodeCrypto = nodeCryptoModule();
  if (nodeCrypto !== undefined)
    return nodeCrypto
      .createHash(hash === 'SHA-1' ? 'sha1' : 'sha256')
      .update(message)
      .digest('hex');
  return toHex(new Uint8Array(await subtle().digest(hash, toBytes(message))));
}

export function sha1Hex(message: BytesOrText): Promise<string> {
  return digestHex('SHA-1', message);
}

export function sha256Hex(message: BytesOrText): Promise<string> {
  return digestHex('SHA-256', message);
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

/**
 * Node's incremental SHA-256 where the runtime has it: it hashes a take in place and piece by piece, where Web
 * Crypto copies the whole input first.
 */
export function incrementalSha256(): IncrementalHash | undefined {
  return nodeCryptoModule()?.createHash('sha256');
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

/** A request body sent as a stream, with its exact length (for Content-Length) and its SHA-256 (for signing). */
export interface StreamedBody {
  body: ReadableStream<Uint8Array>;
  length: number;
  sha256: string;
}

/**
 * `prefix + base64(bytes) + suffix`, encoded piece by piece as it is sent: the request body of a take is 4/3 of
 * its size, and no full copy of it is ever held (a Blob or a string would be one, fetch's copy of it another).
 * The signature needs the body's hash before the body goes, so the pieces are encoded twice: once into one
 * scratch buffer to hash them, once more when the stream is read. Where the runtime has no incremental SHA-256,
 * the body is built once in full instead, and hashed with Web Crypto.
 */
export async function base64Body(prefix: string, bytes: Uint8Array, suffix: string): Promise<StreamedBody> {
  const head = utf8(prefix);
  const tail = utf8(suffix);
  const length = head.length + Math.ceil(bytes.length / 3) * 4 + tail.length;
  const hash = incrementalSha256();
  if (hash === undefined) {
    const whole = new Uint8Array(length);
    whole.set(head, 0);
    const end = head.length + base64Into(bytes, whole.subarray(head.length));
    whole.set(tail, end);
    const sha256 = toHex(new Uint8Array(await subtle().digest('SHA-256', whole)));
    return { body: new Blob([whole]).stream(), length, sha256 };
  }
  const scratch = new Uint8Array((BASE64_PIECE_BYTES / 3) * 4);
  hash.update(head);
  for (let start = 0; start < bytes.length; start += BASE64_PIECE_BYTES) {
    hash.update(scratch.subarray(0, base64Into(bytes.subarray(start, start + BASE64_PIECE_BYTES), scratch)));
  }
  hash.update(tail);
  let next = -1;
  // highWaterMark 0: a piece is encoded only when the sender asks for it, so at most one is waiting to go.
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next === -1) controller.enqueue(head);
        else if (next < bytes.length) {
          const piece = bytes.subarray(next, next + BASE64_PIECE_BYTES);
          const out = new Uint8Array(Math.ceil(piece.length / 3) * 4);
          base64Into(piece, out);
          controller.enqueue(out);
        } else {
          controller.enqueue(tail);
          controller.close();
        }
        next = next === -1 ? 0 : next + BASE64_PIECE_BYTES;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, length, sha256: hash.digest('hex') };
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
