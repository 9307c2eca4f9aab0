// The legacy face API `livegetfour`, kept for integrations that still have image-service credentials.
import { randomId, randomUint32 } from '../signing/crypto.js';
import { imageAuthorization } from '../signing/image.js';
import { legacyError } from '../http/error-shapes.js';
import { commonSettings, readCredentials, unixSeconds, upstreamOrigin } from '../http/options.js';
import { liveCodeFromLegacyJson } from './live-code-answers.js';
import { codeIssuer } from './code-issue.js';
import type { CodeIssueOptions, Inspect } from './code-issue.js';
import { serve } from '../http/serve.js';
import type { CommonHandlerOptions, LiveCodeHandler } from '../http/types.js';
import { unconfiguredHandler } from '../http/unconfigured.js';
import { relayUpstream } from '../http/upstream.js';

export interface LegacyLiveCodeHandlerOptions extends CommonHandlerOptions, CodeIssueOptions {
  /** The numeric APPID. */
  appId: string | number;
  /** Absent (undefined or `''`) is answered per request with a 500 naming it, so a build needs no secrets. */
  secretId: string | undefined;
  secretKey: string | undefined;
  /** The `b` field of the signature; the face APIs leave it empty. Default `''`. */
  bucket?: string | undefined;
}

const DEFAULT_BASE_URL = 'https://recognition.image.myqcloud.com';
// Only this server uses the signature, right away; the margin absorbs clock drift between it and Tencent.
const SIGNATURE_LIFETIME_SECONDS = 300;

export function createLegacyLiveCodeHandler(options: LegacyLiveCodeHandlerOptions): LiveCodeHandler {
  const settings = commonSettings(options);
  const appId = String(options.appId);
  if (!/^\d+$/.test(appId)) throw new TypeError('appId must be the numeric APPID');
  const credentials = readCredentials(options, ['secretId', 'secretKey']);
  const bucket = options.bucket ?? '';
  const origin = upstreamOrigin(options.baseUrl ?? DEFAULT_BASE_URL);
  const issue = codeIssuer(options, legacyError, liveCodeFromLegacyJson);
  if ('missing' in credentials) {
    return unconfiguredHandler({
      missing: credentials.missing,
      allowedOrigins: settings.allowedOrigins,
      errorShape: legacyError,
    });
  }
  const { secretId, secretKey } = credentials.values;

  async function relay(inspect: Inspect | undefined): Promise<Response> {
    const now = unixSeconds(settings.now);
    const authorization = await imageAuthorization({
      appId,
      bucket,
      secretId,
      secretKey,
      now,
      expires: now + SIGNATURE_LIFETIME_SECONDS,
      rand: randomUint32(),
    });
    return relayUpstream({
      fetch: settings.fetch,
      url: `${origin}/face/livegetfour`,
      init: {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: JSON.stringify({ appid: appId, seq: randomId() }),
      },
      timeoutMs: settings.timeoutMs,
      errorShape: legacyError,
      contentType: 'application/json',
      secrets: [secretId, secretKey],
      ...(inspect === undefined ? {} : { inspect }),
    });
  }

  const answer = (request: Request) => issue(request, relay);

  return (request) => serve(request, { allowedOrigins: settings.allowedOrigins, errorShape: legacyError, answer });
}
