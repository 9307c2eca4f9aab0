// What every handler does around its upstream call: origin check, CORS, preflight, method check, and the headers
// every answer carries. For the code handlers the client's request influences only whether it is served, never what
// is signed; the liveness handlers read the upload from it, and nothing else.
import { normalizeOrigin } from './options.js';
import { originOf } from './request-origin.js';
import type { ErrorShape } from './types.js';

const DEFAULT_METHODS: readonly string[] = ['GET', 'POST'];
const PREFLIGHT_MAX_AGE_SECONDS = '600';

interface OriginDecision {
  allowed: boolean;
  /** The value for `Access-Control-Allow-Origin`, for cross-origin requests from a listed origin. */
  corsOrigin?: string | undefined;
}

/** The request's own origin: its scheme, and its `Host` when it has one (the URL's host is only a fallback). */
function ownOrigin(request: Request): string | undefined {
  const url = new URL(request.url);
  return originOf(url.protocol, request.headers.get('Host') ?? url.host);
}

/** `Sec-Fetch-Site` values that mean the request did not come from another site's page. */
const SAME_ORIGIN_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * Requests without `Origin` are served when nothing says a browser sent them for another site: browsers omit
 * `Origin` on same-origin GETs, and non-browser clients (which send no `Sec-Fetch-Site`) can forge any Origin
 * anyway. Browsers send `Sec-Fetch-Site` with every request, and page scripts cannot set it: `cross-site` or
 * `same-site` without `Origin` is another page's `<img>`, link or form, and is refused. Same-origin requests (which
 * carry `Origin` on POST) are served too, recognised by `Sec-Fetch-Site: same-origin` or by an `Origin` equal to
 * the request's own, which comes from its scheme and `Host` only.
 */
export function decideOrigin(request: Request, allowedOrigins: ReadonlySet<string>): OriginDecision {
  const header = request.headers.get('Origin');
  const fetchSite = request.headers.get('Sec-Fetch-Site');
  if (header === null) return { allowed: fetchSite === null || SAME_ORIGIN_FETCH_SITES.has(fetchSite) };
  const origin = normalizeOrigin(header);
  if (origin !== undefined && allowedOrigins.has(origin)) return { allowed: true, corsOrigin: header };
  if (fetchSite === 'same-origin') return { allowed: true };
  if (origin !== undefined && origin === ownOrigin(request)) return { allowed: true };
  return { allowed: false };
}

function finish(response: Response, corsOrigin: string | undefined): Response {
  response.headers.set('Cache-Control', 'no-store');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.append('Vary', 'Origin');
  if (corsOrigin !== undefined) response.headers.set('Access-Control-Allow-Origin', corsOrigin);
  return response;
}

function preflight(request: Request, methods: string): Response {
  const headers = new Headers({
    Allow: `${methods}, OPTIONS`,
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
  });
  // Echoing the requested headers is safe: no header changes what is signed, and the only ones read
  // (Content-Type, Idempotency-Key on uploads) are validated where they are read.
  const requested = request.headers.get('Access-Control-Request-Headers');
  if (requested !== null && /^[\w\s,-]*$/.test(requested)) headers.set('Access-Control-Allow-Headers', requested);
  return new Response(null, { status: 204, headers });
}

export interface ServeSteps {
  allowedOrigins: ReadonlySet<string>;
  errorShape: ErrorShape;
  /** Produces the answer. The code handlers ignore the request; the liveness handlers read only its upload. */
  answer: (request: Request) => Promise<Response>;
  /** Methods served besides the preflight. Default GET and POST. */
  methods?: readonly string[] | undefined;
}

export async function serve(request: Request, steps: ServeSteps): Promise<Response> {
  const { allowed, corsOrigin } = decideOrigin(request, steps.allowedOrigins);
  if (!allowed) return finish(steps.errorShape('origin'), undefined);
  const methods = steps.methods ?? DEFAULT_METHODS;
  const methodList = methods.join(', ');
  if (request.method === 'OPTIONS') return finish(preflight(request, methodList), corsOrigin);
  if (!methods.includes(request.method)) {
    const refusal = steps.errorShape('method');
    refusal.headers.set('Allow', `${methodList}, OPTIONS`);
    return finish(refusal, corsOrigin);
  }
  let response: Response;
  try {
    response = await steps.answer(request);
  } catch {
    // Details stay out of the answer: an exception message could quote a header value or a key.
    response = steps.errorShape('internal');
  }
  return finish(response, corsOrigin);
}
