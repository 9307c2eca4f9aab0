// Calling the upstream and relaying its answer. Failures to get an answer at all become local errors in the
// upstream's own shape; an answer, even an error, is relayed so the element explains it: its status and body only,
// under the handler's own Content-Type, and never when it quotes a credential in any form.
import type { ErrorShape, FailureKind, FetchFunction } from './types.js';

export interface UpstreamCall {
  fetch: FetchFunction;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  errorShape: ErrorShape;
  /** The Content-Type of every relayed answer, whatever the upstream's says: the element reads nothing else. */
  contentType: string;
  /** Values that must never be relayed, in any encoding (empty ones are ignored): SecretId, SecretKey, token. */
  secrets: readonly (string | undefined)[];
  /** Sees every answer about to be relayed (e.g. to remember the code it carries); a failure here is a 500. */
  inspect?: ((status: number, body: string) => Promise<void>) | undefined;
}

function relayedStatus(status: number): number {
  // 204/205 cannot carry the body being relayed, and a 3xx (fetch refuses redirects, but a custom fetch may not)
  // has nowhere useful to send a browser.
  const success = status >= 200 && status < 300 && status !== 204 && status !== 205;
  return success || (status >= 400 && status <= 599) ? status : 502;
}

// AbortSignal.timeout rejects with a DOMException named TimeoutError; checking the name works on every runtime.
function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

/** RFC 3986 percent-encoding of every byte but the unreserved ones, as COS signs and some echoes write it. */
function percentEncodeAll(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The ways a credential can come back in an answer: as it is, JSON-escaped (with or without escaped slashes),
 * URL-encoded (RFC 3986 or form-style), XML-escaped. Compared case-insensitively: percent-escapes may be either case.
 */
function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [secret, json, json.replace(/\//g, '\\/'), encodeURIComponent(secret), percentEncodeAll(secret)];
  forms.push(new URLSearchParams({ s: secret }).toString().slice(2));
  forms.push(
    secret.replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`),
  );
  return [...new Set(forms.map((form) => form.toLowerCase()))];
}

/** Whether the body or any header of an answer quotes a secret in one of its forms. */
function quotesSecret(secrets: readonly (string | undefined)[], headers: Headers, body: string): boolean {
  const forms = secrets.filter((secret): secret is string => Boolean(secret)).flatMap(secretForms);
  if (forms.length === 0) return false;
  const texts = [body, ...[...headers].map(([name, value]) => `${name}: ${value}`)].map((text) => text.toLowerCase());
  return texts.some((text) => forms.some((form) => text.includes(form)));
}

let redirect: RequestRedirect | undefined;

/**
 * 'error' where the runtime has it: a redirect is then a failure to reach Tencent (502), and fetch sends the request
 * as it is. Under 'manual' Node's fetch clones the request first, and the clone's copy of a streamed body (a take,
 * 8 MB as base64) stays queued in full. Cloudflare's workerd refuses 'error': there 'manual' (its 3xx becomes 502).
 */
function redirectMode(): RequestRedirect {
  if (redirect === undefined) {
    try {
      redirect = new Request('http://127.0.0.1/', { redirect: 'error' }).redirect === 'error' ? 'error' : 'manual';
    } catch {
      redirect = 'manual';
    }
  }
  return redirect;
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
      redirect: redirectMode(),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    body = await upstream.text();
  } catch (error) {
    return isTimeout(error) ? 'timeout' : 'unreachable';
  }
  // baseUrl is configurable: a wrong one (say, an echo service) must not turn the handler into a key oracle.
  if (quotesSecret(call.secrets, upstream.headers, body)) return 'withheld';
  return { status: upstream.status, headers: upstream.headers, body };
}

export async function relayUpstream(call: UpstreamCall): Promise<Response> {
  const answer = await callUpstream(call);
  if (typeof answer === 'string') return call.errorShape(answer);
  // A redirect (not followed: redirect 'manual') leads nowhere the element could use; its body is not an answer.
  if (answer.status >= 300 && answer.status < 400) return call.errorShape('unreachable');
  const status = relayedStatus(answer.status);
  await call.inspect?.(status, answer.body);
  // Never the upstream's type: an error page relayed as text/html would run as this origin's page.
  return new Response(answer.body, { status, headers: { 'Content-Type': call.contentType } });
}
