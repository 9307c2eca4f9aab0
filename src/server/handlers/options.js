const DEFAULT_TIMEOUT_MS = 10_000;
export function requireText(value, name) {
    if (typeof value !== 'string' || value.trim() === '')
        throw new TypeError(`${name} must be a non-empty string`);
    return value;
}
export function optionalText(value, name) {
    return value === undefined || value === '' ? undefined : requireText(value, name);
}
/** `https://shop.example/` and `https://SHOP.example:443` both become `https://shop.example`. */
export function normalizeOrigin(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return undefined;
    }
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!bare || (url.protocol !== 'https:' && url.protocol !== 'http:'))
        return undefined;
    return url.origin;
}
function originSet(allowedOrigins) {
    if (!Array.isArray(allowedOrigins))
        throw new TypeError('allowedOrigins must be an array of origins');
    const origins = new Set();
    allowedOrigins.forEach((entry, index) => {
        // No wildcard on purpose: any page on the web could then mint codes on the integrator's account.
        const origin = typeof entry === 'string' && !entry.includes('*') ? normalizeOrigin(entry) : undefined;
        // The index, not the value: a mixed-up configuration may have put a key here.
        if (!origin)
            throw new TypeError(`allowedOrigins[${index}] is not an origin like "https://shop.example"`);
        origins.add(origin);
    });
    return origins;
}
/** The upstream origin to call and sign for; a path would be ignored, so it is refused instead. */
export function upstreamOrigin(baseUrl) {
    const origin = normalizeOrigin(baseUrl);
    if (!origin)
        throw new TypeError('baseUrl must be an origin such as "https://faceid.tencentcloudapi.com"');
    return origin;
}
export function commonSettings(options) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new TypeError('timeoutMs must be a positive number');
    return {
        allowedOrigins: originSet(options.allowedOrigins),
        // Looked up at call time and called unbound: some runtimes throw "Illegal invocation" on a detached fetch.
        fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        now: options.now ?? Date.now,
        timeoutMs,
    };
}
export function unixSeconds(now) {
    return Math.floor(now() / 1000);
}
