// The legacy face API `livegetfour`, kept for integrations that still have image-service credentials.
import { randomId, randomUint32 } from '../crypto.js';
import { imageAuthorization } from '../image-signature.js';
import { legacyError } from './error-shapes.js';
import { commonSettings, requireText, unixSeconds, upstreamOrigin } from './options.js';
import { liveCodeFromLegacyJson } from '../liveness/code-store.js';
import { codeIssuer } from './code-issue.js';
import type { CodeIssueOptions, Inspect } from './code-issue.js';
import { serve } from './serve.js';
import type { CommonHandlerOptions, LiveCodeHandler } from './types.js';
import { relayUpstream } from './upstream.js';

export interface LegacyLiveCodeHandlerOptions extends CommonHandlerOptions, CodeIssueOptions {
  /** The numeric APPID. */
  appId: string | number;
  secretId: string;
  secretKey: string;
  /** The `b` field of the signature; the face APIs leave it empty. Default `''`. */
  bucket?: string;
}

const DEFAULT_BASE_URL = 'https://recognition.image.myqcloud.com';
// Only this server uses the signature, right away; the margin absorbs clock drift between it and Tencent.
const SIGNATURE_LIFETIME_SECONDS = 300;

export function createLegacyLiveCodeHandler(options: LegacyLiveCodeHandlerOptions): LiveCodeHandler {
  const settings = commonSettings(options);
  const appId = String(options.appId);
  if (!/^\d+$/.test(appId)) throw new TypeError('appId must be the numeric APPID');
  const secretId = requireText(options.secretId, 'secretId');
  const secretKey = requireText(options.secretKey, 'secretKey');
  const bucket = options.bucket ?? '';
  const origin = upstreamOrigin(options.baseUrl ?? DEFAULT_BASE_URL);
  const issue = codeIssuer(options, legacyError, liveCodeFromLegacyJson);

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
