// Stands in for your session library (express-session, iron-session, a signed JWT…), which must give the id of the
// signed-in visitor's session, or undefined. Here: the `sid` cookie, unverified, which is enough for an example only.
export function sessionIdFromCookie(cookieHeader) {
  return /(?:^|;\s*)sid=([^;]+)/.exec(cookieHeader ?? '')?.[1];
}
