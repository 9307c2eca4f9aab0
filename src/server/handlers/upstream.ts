// Calling the upstream and relaying its answer. Failures to get an answer at all become local errors in the
// upstream's own shape; an answer, even an error, is relayed as it is so the element explains it.
import type { ErrorShape, FailureKind, FetchFunction } from './types.js';

export interface UpstreamCall {
  fetch: FetchFunction;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  errorShape: ErrorShape;
  /** Used when the upstream sends no Content-Type. */
  contentType: string;
  /** Values that must never be relayed (empty ones are ignored). */
  secrets: readonly (string | undefined)[];
  /** Sees every answer about to be relayed (e.g. to remember the code it carries); a failure here is a 500. */
  inspect?: (status: number, body: string) => Promise<void>;
}

function relayedStatus(status: number): number {
  // 204/205 cannot carry the body being relayed, and a 3xx (redirect: 'manual') has nowhere useful to send a browser.
  const success = status >= 200 && status < 300 && status !== 204 && status !== 205;
  return success || (status >= 400 && status <= 599) ? status : 502;
}

// AbortSignal.timeout rejects with a DOMException named TimeoutError; checking the name works on every runtime.
function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * Calls the upstream once and reads its whole answer; a failure to get one comes back as the kind of local error to
 * answer instead. An answer that contains a secret is reported as `withheld`, never returned.
 */
export async function callUpstream(
  call: Pick<UpstreamCall, 'fetch' | 'url' | 'init' | 'timeoutMs' | 'secrets'>,
): Promise<UpstreamAnswer | FailureKind> {
  let upstream: Response;
  let body: string;
  try {
    upstream = await call.fetch(call.url, {
      ...call.init,
      redirect: 'manual',
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    body = await upstream.text();
  } catch (error) {
    return isTimeout(error) ? 'timeout' : 'unreachable';
  }
  // baseUrl is configurable: a wrong one (say, an echo service) must not turn the handler into a key oracle.
  if (call.secrets.some((secret) => secret && body.includes(secret))) return 'withheld';
  return { status: upstream.status, headers: upstream.headers, body };
}

export async function relayUpstream(call: UpstreamCall): Promise<Response> {
  const answer = await callUpstream(call);
  if (typeof answer === 'string') return call.errorShape(answer);
  // A redirect (not followed: redirect 'manual') leads nowhere the element could use; its body is not an answer.
  if (answer.status >= 300 && answer.status < 400) return call.errorShape('unreachable');
  const status = relayedStatus(answer.status);
  await call.inspect?.(status, answer.body);
  return new Response(answer.body, {
    status,
    headers: { 'Content-Type': answer.headers.get('Content-Type') ?? call.contentType },
  });
}
