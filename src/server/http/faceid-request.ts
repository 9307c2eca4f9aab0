// What every FaceID (Cloud API 3.0) call shares: its credentials, checked once at creation, and its signed headers.
import { tc3SignatureParts, tc3SigningKeys } from '../signing/tc3.js';
import type { Tc3SigningKeys } from '../signing/tc3.js';
import { optionalText, readCredentials, unixSeconds, upstreamOrigin } from './options.js';

export const FACEID_CONTENT_TYPE = 'application/json; charset=utf-8';
const FACEID_BASE_URL = 'https://faceid.tencentcloudapi.com';
const FACEID_VERSION = '2018-03-01';

export interface FaceIdTarget {
  secretId: string;
  secretKey: string;
  /** Made from secretKey once, at creation: see tc3SigningKeys. */
  signingKeys: Tc3SigningKeys;
  token?: string | undefined;
  region?: string | undefined;
  /** The upstream origin; its host is the one signed. */
  origin: string;
}

export interface FaceIdTargetOptions {
  secretId: string | undefined;
  secretKey: string | undefined;
  token?: string | undefined;
  region?: string | undefined;
  baseUrl?: string | undefined;
}

/** The target, or the credential that is absent (after every option present was checked: those still throw). */
export function faceIdTarget(options: FaceIdTargetOptions): FaceIdTarget | { missing: string } {
  const region = optionalText(options.region, 'region');
  if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) throw new TypeError('region must look like "ap-guangzhou"');
  const credentials = readCredentials(options, ['secretId', 'secretKey']);
  const token = optionalText(options.token, 'token');
  const origin = upstreamOrigin(options.baseUrl ?? FACEID_BASE_URL);
  if ('missing' in credentials) return credentials;
  return { ...credentials.values, signingKeys: tc3SigningKeys(credentials.values.secretKey), token, region, origin };
}

/** The headers of one signed call: TC3 over exactly `payload` (or its SHA-256, for a take), timestamped by `now`. */
export async function faceIdHeaders(
  target: FaceIdTarget,
  action: string,
  payload: string | { sha256: string },
  now: () => number,
): Promise<Record<string, string>> {
  const timestamp = unixSeconds(now);
  const { authorization } = await tc3SignatureParts({
    secretId: target.secretId,
    signingKeys: target.signingKeys,
    service: 'faceid',
    host: new URL(target.origin).host,
    contentType: FACEID_CONTENT_TYPE,
    ...(typeof payload === 'string' ? { payload } : { payloadSha256: payload.sha256 }),
    timestamp,
  });
  const headers: Record<string, string> = {
    Authorization: authorization,
    'Content-Type': FACEID_CONTENT_TYPE,
    'X-TC-Action': action,
    'X-TC-Version': FACEID_VERSION,
    'X-TC-Timestamp': String(timestamp),
  };
  if (target.region !== undefined) headers['X-TC-Region'] = target.region;
  if (target.token !== undefined) headers['X-TC-Token'] = target.token;
  return headers;
}
