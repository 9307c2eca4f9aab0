import { LivenessError } from '../errors.js';

/** A request the signing endpoint signed for the browser to perform itself (e.g. a pre-signed COS URL). */
export interface SignedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

/** What a signing endpoint's answer means, once understood. */
export type CodeAnswer =
  { kind: 'code'; code: string; requestId?: string | undefined } | { kind: 'signed-request'; request: SignedRequest };

export interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

type Json = Record<string, unknown>;

/**
 * Understands every answer shape in docs/tencent.md §1 (COS CI XML, Cloud API 3.0 JSON, legacy face JSON) plus the
 * signed-request JSON, detected from the content type and the body itself (servers mislabel often).
 * Throws a LivenessError for anything else; never returns a code that is not exactly `codeLength` ASCII digits.
 */
export function parseCodeAnswer(answer: RawAnswer, codeLength: number): CodeAnswer {
  const text = answer.body.replace(/^\uFEFF/, '').trim();
  const contentType = answer.contentType.toLowerCase();
  const looksLikeMarkup = text.startsWith('<');
  const parsed =
    looksLikeMarkup || contentType.includes('xml') || contentType.includes('html')
      ? parseXmlAnswer(text, answer)
      : parseJsonAnswer(text, answer);
  if (parsed.kind === 'code') validateCode(parsed.code, codeLength, answer);
  else if (!isOk(answer)) throw httpError(answer);
  return parsed;
}

function parseXmlAnswer(text: string, answer: RawAnswer): CodeAnswer {
  if (/^<(!doctype\s+html|html)[\s>]/i.test(text)) throw httpOrBad(answer, 'The endpoint answered with an HTML page.');
  const document = new DOMParser().parseFromString(text, 'application/xml');
  const root = document.documentElement;
  if (document.getElementsByTagName('parsererror').length > 0 || !root) {
    throw httpOrBad(answer, 'The endpoint answered with malformed XML.');
  }
  const child = (name: string) => {
    const element = Array.from(root.children).find((node) => node.localName === name);
    return element?.textContent?.trim() ?? undefined;
  };
  if (root.localName === 'Error') {
    throw upstreamError(answer, child('Code'), child('Message'), child('RequestId'));
  }
  const code = root.localName === 'Response' ? child('LiveCode') : undefined;
  if (code === undefined) throw httpOrBad(answer, `The XML answer has no <LiveCode> (root <${root.localName}>).`);
  if (!isOk(answer)) throw httpError(answer);
  return { kind: 'code', code, requestId: child('RequestId') };
}

function parseJsonAnswer(text: string, answer: RawAnswer): CodeAnswer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw httpOrBad(answer, 'The endpoint answered with malformed JSON.', error);
  }
  if (!isObject(value)) throw httpOrBad(answer, 'The endpoint answered with JSON that is not an object.');

  if (isObject(value.Response)) return parseCloudApiAnswer(value.Response, answer);
  if ('code' in value && ('data' in value || 'message' in value)) return parseLegacyAnswer(value, answer);
  if (typeof value.url === 'string') return { kind: 'signed-request', request: parseSignedRequest(value, answer) };
  throw httpOrBad(answer, 'The JSON answer is none of the known shapes.');
}

function parseCloudApiAnswer(response: Json, answer: RawAnswer): CodeAnswer {
  const requestId = optionalString(response.RequestId);
  if (response.Error !== undefined) {
    const error = isObject(response.Error) ? response.Error : {};
    throw upstreamError(answer, optionalString(error.Code), optionalString(error.Message), requestId);
  }
  if (!isOk(answer)) throw httpError(answer);
  return { kind: 'code', code: codeValue(response.LiveCode, answer), requestId };
}

function parseLegacyAnswer(value: Json, answer: RawAnswer): CodeAnswer {
  if (value.code !== 0 && value.code !== '0') {
    const upstreamCode =
      typeof value.code === 'number' || typeof value.code === 'string' ? String(value.code) : undefined;
    throw upstreamError(answer, upstreamCode, optionalString(value.message), undefined);
  }
  if (!isOk(answer)) throw httpError(answer);
  const data = isObject(value.data) ? value.data : {};
  return { kind: 'code', code: codeValue(data.validate_data, answer) };
}

/** What a pre-signed Tencent request can be; anything else the browser would refuse to send anyway. */
const SIGNED_METHODS = new Set(['GET', 'POST', 'PUT']);
/** RFC 9110 token: what `Headers` accepts as a name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseSignedRequest(value: Json, answer: RawAnswer): SignedRequest {
  const method = value.method ?? 'GET';
  if (typeof method !== 'string' || !SIGNED_METHODS.has(method.toUpperCase())) {
    throw badResponse(answer, 'The signed request has an invalid method.');
  }
  const headers: Record<string, string> = {};
  if (value.headers !== undefined) {
    if (!isObject(value.headers)) throw badResponse(answer, 'The signed request headers are not an object.');
    for (const [name, headerValue] of Object.entries(value.headers)) {
      if (typeof headerValue !== 'string' || !HEADER_NAME.test(name) || /[\r\n\0]/.test(headerValue)) {
        throw badResponse(answer, 'The signed request has an invalid header.');
      }
      headers[name] = headerValue;
    }
  }
  if (value.body !== undefined && (typeof value.body !== 'string' || method.toUpperCase() === 'GET')) {
    throw badResponse(answer, 'The signed request body is not a string, or comes with a GET.');
  }
  return { url: value.url as string, method: method.toUpperCase(), headers, body: value.body as string | undefined };
}

/** A code must arrive as a string: a JSON number has already lost its leading zeros. */
function codeValue(value: unknown, answer: RawAnswer): string {
  if (typeof value !== 'string') throw badResponse(answer, 'The answer carries no code string.');
  return value;
}

function validateCode(code: string, codeLength: number, answer: RawAnswer): void {
  if (code.length !== codeLength || !/^[0-9]+$/.test(code)) {
    throw badResponse(answer, `The code is not exactly ${codeLength} digits.`);
  }
}

function isOk(answer: RawAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function upstreamError(answer: RawAnswer, code?: string, message?: string, requestId?: string): LivenessError {
  return new LivenessError('upstream', `The upstream refused: ${code ?? 'unknown code'} ${message ?? ''}`.trim(), {
    status: answer.status,
    upstreamCode: code,
    upstreamMessage: message,
    requestId,
  });
}

function httpError(answer: RawAnswer): LivenessError {
  return new LivenessError('http', `The endpoint answered HTTP ${answer.status}.`, { status: answer.status });
}

function badResponse(answer: RawAnswer, message: string, cause?: unknown): LivenessError {
  return new LivenessError('bad-response', message, { status: answer.status, cause });
}

/** An unreadable body on a failed status is an HTTP failure first: the status says more than the body. */
function httpOrBad(answer: RawAnswer, message: string, cause?: unknown): LivenessError {
  return isOk(answer) ? badResponse(answer, message, cause) : httpError(answer);
}
