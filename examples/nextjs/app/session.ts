// Stands in for your session library (Auth.js, iron-session, a signed JWT…), which must give the id of the signed-in
// visitor's session, or undefined. Here: the `sid` cookie, unverified, which is enough for an example only.
export function sessionIdFromCookie(cookieHeader: string | null): string | undefined {
  return /(?:^|;\s*)sid=([^;]+)/.exec(cookieHeader ?? '')?.[1];
}
