/** A URL of the mock signing endpoint served by the test runner (demo/mock/mock-signing-endpoint.js). */
export function mockEndpoint(params: Record<string, string | number> = {}): string {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  return `/mock/code?${query}`;
}

/** A port nothing listens on, so the request fails as a network error, as an unreachable server does. */
export const unreachableEndpoint = 'http://127.0.0.1:9/code';
