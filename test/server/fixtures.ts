// Distinctive credentials, so a scan for them cannot match anything by chance.
export const SECRET_ID = 'AKIDtestSecretIdForLivenessChallenge01';
export const SECRET_KEY = 'sEcReTkEy-never-leaves-the-server-7f3a9c';
export const TOKEN = 'sEsSiOnToKeN-temporary-credential-42b1e8';
export const APP_ID = '1250000000';
export const BUCKET = 'examplebucket-1250000000';
export const REGION = 'ap-guangzhou';
export const PAGE_ORIGIN = 'https://shop.example';
export const ENDPOINT = 'https://api.shop.example/live-code';
/** 2023-11-14T22:13:20Z */
export const NOW_MS = 1_700_000_000_000;
export const NOW_SECONDS = NOW_MS / 1000;
export const fixedClock = () => NOW_MS;

/** A browser request from the allowed page, as the element sends it. */
export function pageRequest(init: RequestInit = {}, url = ENDPOINT): Request {
  const headers = new Headers(init.headers);
  if (!headers.has('Origin')) headers.set('Origin', PAGE_ORIGIN);
  return new Request(url, { ...init, headers });
}
