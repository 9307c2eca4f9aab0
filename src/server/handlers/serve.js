// What every handler does around its upstream call: origin check, CORS, preflight, method check, and the headers
// every answer carries. The client's request influences only whether it is served, never what is signed.
import { normalizeOrigin } from './options.js';
const SERVED_METHODS = 'GET, POST';
const PREFLIGHT_MAX_AGE_SECONDS = '600';
/**
 * Requests without `Origin` are served: browsers omit it on same-origin GETs, and non-browser clients can forge
 * any Origin anyway, so the check only protects against other sites' pages. Same-origin requests (which carry
 * `Origin` on POST) are served too, recognised by `Sec-Fetch-Site`, which page scripts cannot set, or by an
 * `Origin` equal to the request's own.
 */
export function decideOrigin(request, allowedOrigins) {
    const header = request.headers.get('Origin');
    if (header === null)
        return { allowed: true };
    const origin = normalizeOrigin(header);
    if (origin !== undefined && allowedOrigins.has(origin))
        return { allowed: true, corsOrigin: header };
    if (request.headers.get('Sec-Fetch-Site') === 'same-origin')
        return { allowed: true };
    if (origin !== undefined && origin === new URL(request.url).origin)
        return { allowed: true };
    return { allowed: false };
}
function finish(response, corsOrigin) {
    response.headers.set('Cache-Control', 'no-store');
    response.headers.set('X-Content-Type-Options', 'nosniff');
    response.headers.append('Vary', 'Origin');
    if (corsOrigin !== undefined)
        response.headers.set('Access-Control-Allow-Origin', corsOrigin);
    return response;
}
function preflight(request) {
    const headers = new Headers({
        Allow: `${SERVED_METHODS}, OPTIONS`,
        'Access-Control-Allow-Methods': SERVED_METHODS,
        'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
    });
    // Echoing the requested headers is safe because the handler reads none of them.
    const requested = request.headers.get('Access-Control-Request-Headers');
    if (requested !== null && /^[\w\s,-]*$/.test(requested))
        headers.set('Access-Control-Allow-Headers', requested);
    return new Response(null, { status: 204, headers });
}
export async function serve(request, steps) {
    const { allowed, corsOrigin } = decideOrigin(request, steps.allowedOrigins);
    if (!allowed)
        return finish(steps.errorShape('origin'), undefined);
    if (request.method === 'OPTIONS')
        return finish(preflight(request), corsOrigin);
    if (request.method !== 'GET' && request.method !== 'POST') {
        const refusal = steps.errorShape('method');
        refusal.headers.set('Allow', `${SERVED_METHODS}, OPTIONS`);
        return finish(refusal, corsOrigin);
    }
    let response;
    try {
        response = await steps.answer();
    }
    catch {
        // Details stay out of the answer: an exception message could quote a header value or a key.
        response = steps.errorShape('internal');
    }
    return finish(response, corsOrigin);
}
