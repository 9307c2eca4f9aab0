// A multipart/form-data reader (RFC 7578) over the upload's bytes, giving each part as a view into them rather than
// a copy: the take is the largest thing this server holds, and `Response.formData()` copied it two or three times.
// Only what browsers send is read: each part's Content-Disposition name and filename, and its Content-Type.

export interface Part {
  name: string;
  /** Present for file parts, even when empty. */
  filename?: string | undefined;
  type: string;
  /** A view into the body, not a copy. */
  body: Uint8Array;
}

/** More parts than any page sends: a body of thousands of tiny parts is refused rather than walked. */
const MAX_PARTS = 64;
const MAX_HEADER_BYTES = 8 * 1024;
const CRLF = [13, 10];

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The first index of `needle` in `haystack` at or after `from`, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  for (
    let at = haystack.indexOf(first, from);
    at !== -1 && at + needle.length <= haystack.length;
    at = haystack.indexOf(first, at + 1)
  ) {
    let index = 1;
    while (index < needle.length && haystack[at + index] === needle[index]) index += 1;
    if (index === needle.length) return at;
  }
  return -1;
}

function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function parameter(header: string, name: string): string | undefined {
  const match =
    new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ??
    new RegExp(`;\\s*${name}=([^;\\s"]+)`, 'i').exec(header);
  // Browsers (HTML's multipart/form-data encoding) write `"`, CR and LF in names as %22, %0D and %0A.
  const escapes: Record<string, string> = { '%22': '"', '%0D': '\r', '%0A': '\n' };
  return match?.[1]?.replace(/\\(.)/g, '$1').replace(/%22|%0D|%0A/gi, (escape) => escapes[escape.toUpperCase()]!);
}

/** The parts of a multipart/form-data body, or undefined when it is not one. */
export function parseMultipart(body: Uint8Array, contentType: string): Part[] | undefined {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return undefined;
  const delimiter = bytesOf(`--${boundary}`);
  const separator = bytesOf(`\r\n--${boundary}`);
  const decoder = new TextDecoder();
  let at = indexOf(body, delimiter, 0);
  if (at === -1) return undefined;
  at += delimiter.length;
  const parts: Part[] = [];
  for (;;) {
    // `--` after a delimiter closes the body; anything after it is an epilogue.
    if (body[at] === 45 && body[at + 1] === 45) return parts;
    if (body[at] !== CRLF[0] || body[at + 1] !== CRLF[1] || parts.length === MAX_PARTS) return undefined;
    const headersStart = at + 2;
    const headersEnd = indexOf(
      body.subarray(0, Math.min(body.length, headersStart + MAX_HEADER_BYTES)),
      bytesOf('\r\n\r\n'),
      headersStart - 2,
    );
    if (headersEnd === -1) return undefined;
    const headers = decoder.decode(body.subarray(headersStart, headersEnd)).split('\r\n');
    const disposition = headers.find((line) => /^content-disposition:/i.test(line)) ?? '';
    const type = headers.find((line) => /^content-type:/i.test(line))?.replace(/^content-type:\s*/i, '') ?? '';
    const name = parameter(disposition, 'name');
    if (!/^content-disposition:\s*form-data\s*;/i.test(disposition) || name === undefined) return undefined;
    const contentStart = headersEnd === headersStart - 2 ? headersStart + 2 : headersEnd + 4;
    const contentEnd = indexOf(body, separator, contentStart);
    if (contentEnd === -1) return undefined;
    const filename = parameter(disposition, 'filename');
    parts.push({
      name,
      ...(filename === undefined ? {} : { filename }),
      type,
      body: body.subarray(contentStart, contentEnd),
    });
    at = contentEnd + separator.length;
  }
}
