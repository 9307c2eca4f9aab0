// Errors the handler produces itself (refusals, upstream timeouts) take the upstream's own error shape: the element
// already knows how to read and explain those, so it needs no fourth format.
import { randomId } from '../signing/crypto.js';
import type { ErrorShape, FailureKind } from './types.js';

interface Failure {
  status: number;
  message: string;
}

const FAILURES: Record<FailureKind, Failure> = {
  origin: { status: 403, message: 'This origin may not use the signing endpoint.' },
  method: { status: 405, message: 'The signing endpoint serves only GET and POST.' },
  'no-session': { status: 401, message: 'No session: sign in first.' },
  'rate-limited': { status: 429, message: 'Too many codes were asked for: wait before asking again.' },
  unavailable: { status: 503, message: 'The signing endpoint is unavailable for a moment: retry later.' },
  timeout: { status: 504, message: 'The upstream service did not answer in time.' },
  unreachable: { status: 502, message: 'The upstream service could not be reached.' },
  withheld: { status: 502, message: 'The upstream answer was withheld because it contained a credential.' },
  internal: { status: 500, message: 'The signing endpoint failed.' },
};

const COS_CODES: Record<FailureKind, string> = {
  origin: 'AccessDenied',
  method: 'MethodNotAllowed',
  'no-session': 'NoSession',
  'rate-limited': 'TooManyRequests',
  unavailable: 'ServiceUnavailable',
  timeout: 'UpstreamTimeout',
  unreachable: 'UpstreamUnreachable',
  withheld: 'UpstreamAnswerWithheld',
  internal: 'InternalError',
};

const CLOUD_API_CODES: Record<FailureKind, string> = {
  origin: 'UnauthorizedOperation.OriginNotAllowed',
  method: 'UnsupportedOperation.MethodNotAllowed',
  'no-session': 'AuthFailure.NoSession',
  'rate-limited': 'RequestLimitExceeded',
  unavailable: 'InternalError.ServiceUnavailable',
  timeout: 'InternalError.UpstreamTimeout',
  unreachable: 'InternalError.UpstreamUnreachable',
  withheld: 'InternalError.UpstreamAnswerWithheld',
  internal: 'InternalError',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** COS XML: `<Error><Code/><Message/><RequestId/></Error>`. */
export const cosXmlError: ErrorShape = (kind, message = FAILURES[kind].message) => {
  const { status } = FAILURES[kind];
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(COS_CODES[kind])}</Code><Message>${escapeXml(message)}</Message>` +
    `<RequestId>${randomId()}</RequestId></Error>`;
  return new Response(body, { status, headers: { 'Content-Type': 'application/xml' } });
};

/** Cloud API 3.0 JSON: `{"Response":{"Error":{"Code","Message"},"RequestId"}}`. */
export const cloudApiError: ErrorShape = (kind, message = FAILURES[kind].message) => {
  const { status } = FAILURES[kind];
  const body = { Response: { Error: { Code: CLOUD_API_CODES[kind], Message: message }, RequestId: randomId() } };
  return jsonResponse(body, status);
};

/**
 * Legacy JSON: `{"data":{},"code":N,"message":"…"}`. The code is the HTTP status, which no legacy code uses, so
 * a local failure is never mistaken for one of Tencent's.
 */
export const legacyError: ErrorShape = (kind, message = FAILURES[kind].message) => {
  const { status } = FAILURES[kind];
  return jsonResponse({ data: {}, code: status, message }, status);
};

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Tells the client when to try again, in whole seconds, at least one. */
export function withRetryAfter(response: Response, waitMs: number): Response {
  response.headers.set('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
  return response;
}

/** How long a client waits after a store failed: long enough for a restart or a failover. */
export const STORE_RETRY_AFTER_MS = 5000;
