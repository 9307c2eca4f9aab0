import ky from 'ky';
import { untilAborted } from '../abort.js';
import { LivenessError, toLivenessError } from '../errors.js';
import { parseCodeAnswer, type RawAnswer, type SignedRequest } from './parse.js';

export interface CodeRequestOptions {
  /** The signing endpoint, absolute or relative to `baseUrl`. */
  endpoint: string;
  method: string;
  headers: Record<string, string>;
  credentials: RequestCredentials;
  /** Milliseconds for the whole exchange, both hops of a signed request and the body included. */
  timeout: number;
  codeLength: number;
  /** Aborts the request when a newer one supersedes it or the element leaves the page. */
  signal: AbortSignal;
  baseUrl: string;
  fetch: typeof globalThis.fetch;
}

export interface FetchedCode {
  code: string;
  requestId?: string | undefined;
}

/** No signing endpoint answer is this large; a bigger body is cut off rather than read into memory. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Gets a code from the signing endpoint, performing the signed request it may hand back (once: a signed request
 * that answers with another one is an error, not a loop). Throws LivenessError, or the abort reason when `signal`
 * was aborted.
 */
export async function requestCode(options: CodeRequestOptions): Promise<FetchedCode> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeout);
  const signal = AbortSignal.any([options.signal, deadline.signal]);
  try {
    const endpointUrl = new URL(options.endpoint, options.baseUrl);
    const first = await fetchAnswer(options, signal, {
      url: endpointUrl.href,
      method: options.method,
      headers: options.headers,
      credentials: options.credentials,
    });
    const answer = parseCodeAnswer(first, options.codeLength);
    if (answer.kind === 'code') return answer;

    const signed = await fetchAnswer(options, signal, signedRequestInit(answer.request, endpointUrl));
    const signedAnswer = parseCodeAnswer(signed, options.codeLength);
    if (signedAnswer.kind === 'code') return signedAnswer;
    throw new LivenessError('bad-response', 'A signed request answered with another signed request.');
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    if (deadline.signal.aborted) {
      throw new LivenessError('timeout', `No code within ${options.timeout} ms.`, { cause: error });
    }
    throw toLivenessError(error, 'network');
  } finally {
    clearTimeout(timer);
  }
}

interface HopInit {
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: RequestCredentials;
  body?: string | undefined;
}

function signedRequestInit(request: SignedRequest, endpointUrl: URL): HopInit {
  let url: URL;
  try {
    url = new URL(request.url, endpointUrl);
  } catch (error) {
    throw new LivenessError('bad-response', 'The signed request URL is not a URL.', { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LivenessError('bad-response', `The signed request URL has the scheme ${url.protocol}.`);
  }
  // The signed URL carries its own authorisation; the page's cookies have no business going to a third party.
  return { url: url.href, method: request.method, headers: request.headers, credentials: 'omit', body: request.body };
}

/** Each hop and each body read races the deadline: the timeout holds even for a transport that ignores abort. */
async function fetchAnswer(options: CodeRequestOptions, signal: AbortSignal, hop: HopInit): Promise<RawAnswer> {
  let response: Response;
  try {
    response = await untilAborted(
      ky(hop.url, {
        method: hop.method,
        headers: hop.headers,
        ...(hop.body === undefined ? {} : { body: hop.body }),
        credentials: hop.credentials,
        cache: 'no-store',
        signal,
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
        fetch: options.fetch,
      }),
      signal,
    );
  } catch (error) {
    if (signal.aborted) throw error;
    throw new LivenessError('network', `The signing endpoint could not be reached (${hop.url}).`, { cause: error });
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await readLimitedText(response, signal),
  };
}

async function readLimitedText(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await untilAborted(reader.read(), signal);
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new LivenessError('bad-response', `The answer is larger than ${MAX_BODY_BYTES} bytes.`, {
        status: response.status,
      });
    }
    text += decoder.decode(value, { stream: true });
  }
}
