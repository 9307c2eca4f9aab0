type Bytes = Uint8Array<ArrayBuffer>;
export type BytesOrText = string | Bytes;
export declare function utf8(text: string): Bytes;
export declare function hmacSha1(key: BytesOrText, message: BytesOrText): Promise<Bytes>;
export declare function hmacSha256(key: BytesOrText, message: BytesOrText): Promise<Bytes>;
export declare function sha1Hex(message: BytesOrText): Promise<string>;
export declare function sha256Hex(message: BytesOrText): Promise<string>;
export declare function toHex(bytes: Uint8Array): string;
export declare function toBase64(bytes: Uint8Array): string;
export declare function concatBytes(first: Uint8Array, second: Uint8Array): Bytes;
/** A random id for locally generated errors and request sequence numbers. */
export declare function randomId(): string;
/** A random unsigned 32-bit integer (the legacy signature's `r` field). */
export declare function randomUint32(): number;
export {};
