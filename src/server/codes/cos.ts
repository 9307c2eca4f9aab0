// COS CI GetLiveCode: either hand the browser a short-lived pre-signed URL, or call COS and relay its XML.
import { cosAuthorization, cosBaseUrl, cosPresignedUrl } from '../signing/cos.js';
import { liveCodeFromCosXml } from './live-code-answers.js';
import { codeIssuer } from './code-issue.js';
import type { CodeIssueOptions, Inspect } from './code-issue.js';
import { cosXmlError, jsonResponse } from '../http/error-shapes.js';
import { commonSettings, optionalText, readCredentials, unixSeconds, upstreamOrigin } from '../http/options.js';
import { serve } from '../http/serve.js';
import type { CommonHandlerOptions, LiveCodeHandler } from '../http/types.js';
import { unconfiguredHandler } from '../http/unconfigured.js';
import { relayUpstream } from '../http/upstream.js';

export interface CosLiveCodeHandlerOptions extends CommonHandlerOptions, CodeIssueOptions {
  /** Absent (undefined or `''`) is answered per request with a 500 naming it, so a build needs no secrets. */
  secretId: string | undefined;
  secretKey: string | undefined;
  /** The STS session token of a temporary key. In presign mode it is part of the URL, as COS requires. */
  securityToken?: string | undefined;
  /** Full bucket name with its APPID, e.g. `examplebucket-1250000000`. */
  bucket: string;
  /** e.g. `ap-guangzhou`. */
  region: string;
  /** `presign`: answer `{ url, method: 'GET' }` for the browser to call; `proxy`: call COS here. Default `presign`. */
  mode?: 'presign' | 'proxy' | undefined;
  /** Seconds a signature stays valid, 1 to 300. Default 60. */
  expiresIn?: number | undefined;
}

const DEFAULT_EXPIRES_IN = 60;
const MAX_EXPIRES_IN = 300;
const LIVE_CODE_QUERY = { 'ci-process': 'GetLiveCode' } as const;

function checkExpiresIn(value: number | undefined): number {
  const expiresIn = value ?? DEFAULT_EXPIRES_IN;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN) {
    throw new RangeError(`expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN}`);
  }
  return expiresIn;
}

export function createCosLiveCodeHandler(options: CosLiveCodeHandlerOptions): LiveCodeHandler {
  const settings = commonSettings(options);
  const credentials = readCredentials(options, ['secretId', 'secretKey']);
  const securityToken = optionalText(options.securityToken, 'securityToken');
  const mode = options.mode ?? 'presign';
  if (mode !== 'presign' && mode !== 'proxy') throw new TypeError('mode must be "presign" or "proxy"');
  const expiresIn = checkExpiresIn(options.expiresIn);
  // In presign mode the browser fetches the code from COS itself: the session is still checked and limited, but the
  // code cannot be remembered for it.
  const issue = codeIssuer(options, cosXmlError, mode === 'proxy' ? liveCodeFromCosXml : undefined);
  // Checked even when baseUrl replaces it, so a bad bucket name fails at startup in every setup.
  const defaultOrigin = cosBaseUrl(options.bucket, options.region);
  const origin = upstreamOrigin(options.baseUrl ?? defaultOrigin);
  if ('missing' in credentials) {
    return unconfiguredHandler({
      missing: credentials.missing,
      allowedOrigins: settings.allowedOrigins,
      errorShape: cosXmlError,
    });
  }
  const { secretId, secretKey } = credentials.values;

  async function presign(): Promise<Response> {
    const url = await cosPresignedUrl({
      secretId,
      secretKey,
      ...(securityToken === undefined ? {} : { securityToken }),
      bucket: options.bucket,
      region: options.region,
      baseUrl: origin,
      pathname: '/',
      query: LIVE_CODE_QUERY,
      startTime: unixSeconds(settings.now),
      expiresIn,
    });
    return jsonResponse({ url, method: 'GET' });
  }

  async function proxy(inspect: Inspect | undefined): Promise<Response> {
    const start = unixSeconds(settings.now);
    const authorization = await cosAuthorization({
      secretId,
      secretKey,
      method: 'GET',
      pathname: '/',
      query: LIVE_CODE_QUERY,
      headers: { host: new URL(origin).host },
      keyTime: `${start};${start + expiresIn}`,
    });
    const headers: Record<string, string> = { Authorization: authorization };
    if (securityToken !== undefined) headers['x-cos-security-token'] = securityToken;
    return relayUpstream({
      fetch: settings.fetch,
      url: `${origin}/?ci-process=GetLiveCode`,
      init: { method: 'GET', headers },
      timeoutMs: settings.timeoutMs,
      errorShape: cosXmlError,
      contentType: 'application/xml',
      secrets: [secretId, secretKey, securityToken],
      ...(inspect === undefined ? {} : { inspect }),
    });
  }

  const answer = (request: Request) => issue(request, mode === 'presign' ? presign : proxy);
  return (request) => serve(request, { allowedOrigins: settings.allowedOrigins, errorShape: cosXmlError, answer });
}
