// The request's own origin, from its scheme and `Host` header only. The request target must never choose it: a
// target `//evil.example/…` or `http://evil.example/…` resolved as a URL would make the attacker's origin look
// like this server's, and turn the same-origin rule into a way in.

/** A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing that could smuggle a path or user. */
const HOST = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** `http:`/`https:` and a `Host` value to an origin (default port dropped), or undefined when the host is malformed. */
export function originOf(protocol: string, host: string): string | undefined {
  if ((protocol !== 'http:' && protocol !== 'https:') || !HOST.test(host)) return undefined;
  try {
    return new URL(`${protocol}//${host}`).origin;
  } catch {
    return undefined;
  }
}

/** Whether a request target is in origin-form (`/path?query`), the only form that cannot name another origin. */
export function isOriginForm(target: string): boolean {
  return target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\');
}
