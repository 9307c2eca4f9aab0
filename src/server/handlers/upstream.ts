// Calling the upstream and relaying its answer. Failures to get an answer at all become local errors in the
// upstream's own shape; an answer, even an error, is relayed as it is so the element explains it.
import type { ErrorShape, FetchFunction } from './types.js';

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

export async function relayUpstream(call: UpstreamCall): Promise<Response> {
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
    return call.errorShape(isTimeout(error) ? 'timeout' : 'unreachable');
  }
  // baseUrl is configurable: a wrong one (say, an echo service) must not turn the handler into a key oracle.
  if (call.secrets.some((secret) => secret && body.includes(secret))) return call.errorShape('withheld');
  return new Response(body, {
    status: relayedStatus(upstream.status),
    headers: { 'Content-Type': upstream.headers.get('Content-Type') ?? call.contentType },
  });
}
