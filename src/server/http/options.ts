// Checks of handler options at creation time, so a misconfiguration fails at startup rather than per request.
// The exception is a credential that is absent: see `credentialText`. Messages name the option, never its value:
// the value may be a secret.
import type { CommonHandlerOptions, FetchFunction } from './types.js';

export interface CommonSettings {
  allowedOrigins: ReadonlySet<string>;
  fetch: FetchFunction;
  now: () => number;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** For credentials: a key read from a file often ends in a newline, which would only fail later as a network error. */
export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
  if (/\s/.test(value)) throw new TypeError(`${name} must not contain spaces or line breaks`);
  return value;
}

export function optionalText(value: unknown, name: string): string | undefined {
  return value === undefined || value === '' ? undefined : requireText(value, name);
}

/**
 * The required credentials (secretId, secretKey…). They usually come from the environment at run time, and a
 * framework's build (Next.js collecting page data) evaluates route modules without them: an absent one (undefined,
 * null or '') is therefore not thrown but named, and the handler answers each request with a 500 naming it (see
 * `unconfiguredHandler`). One that is present but malformed still throws.
 */
export function readCredentials<Name extends string>(
  options: { readonly [key in Name]?: unknown },
  names: readonly Name[],
): { values: Record<Name, string> } | { missing: Name } {
  const values = {} as Record<Name, string>;
  let missing: Name | undefined;
  for (const name of names) {
    const value = options[name];
    if (value === undefined || value === null || value === '') missing ??= name;
    else values[name] = requireText(value, name);
  }
  return missing === undefined ? { values } : { missing };
}

/** `https://shop.example/` and `https://SHOP.example:443` both become `https://shop.example`. */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (!bare || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  return url.origin;
}

function originSet(allowedOrigins: unknown): ReadonlySet<string> {
  if (!Array.isArray(allowedOrigins)) throw new TypeError('allowedOrigins must be an array of origins');
  const origins = new Set<string>();
  allowedOrigins.forEach((entry: unknown, index) => {
    // No wildcard on purpose: any page on the web could then mint codes on the integrator's account.
    const origin = typeof entry === 'string' && !entry.includes('*') ? normalizeOrigin(entry) : undefined;
    // The index, not the value: a mixed-up configuration may have put a key here.
    if (!origin) throw new TypeError(`allowedOrigins[${index}] is not an origin like "https://shop.example"`);
    origins.add(origin);
  });
  return origins;
}

/** The upstream origin to call and sign for; a path would be ignored, so it is refused instead. */
export function upstreamOrigin(baseUrl: string): string {
  const origin = normalizeOrigin(baseUrl);
  if (!origin) throw new TypeError('baseUrl must be an origin such as "https://faceid.tencentcloudapi.com"');
  return origin;
}

export function commonSettings(options: CommonHandlerOptions): CommonSettings {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('timeoutMs must be a positive number');
  return {
    allowedOrigins: originSet(options.allowedOrigins),
    // Looked up at call time and called unbound: some runtimes throw "Illegal invocation" on a detached fetch.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: options.now ?? Date.now,
    timeoutMs,
  };
}

export function unixSeconds(now: () => number): number {
  return Math.floor(now() / 1000);
}
