// Cloud API 3.0 FaceID GetLiveCode, signed with TC3-HMAC-SHA256; the JSON answer is relayed as it is.
import { cloudApiError } from '../http/error-shapes.js';
import { faceIdHeaders, faceIdTarget } from '../http/faceid-request.js';
import { commonSettings } from '../http/options.js';
import { liveCodeFromCloudApiJson } from './live-code-answers.js';
import { codeIssuer } from './code-issue.js';
import type { CodeIssueOptions, Inspect } from './code-issue.js';
import { serve } from '../http/serve.js';
import type { CommonHandlerOptions, LiveCodeHandler } from '../http/types.js';
import { unconfiguredHandler } from '../http/unconfigured.js';
import { relayUpstream } from '../http/upstream.js';

export interface FaceIdLiveCodeHandlerOptions extends CommonHandlerOptions, CodeIssueOptions {
  /** Absent (undefined or `''`) is answered per request with a 500 naming it, so a build needs no secrets. */
  secretId: string | undefined;
  secretKey: string | undefined;
  /** The session token of a temporary key, sent as `X-TC-Token`. */
  token?: string | undefined;
  /** Sent as `X-TC-Region` when given, e.g. `ap-guangzhou`. GetLiveCode does not require it. */
  region?: string | undefined;
}

const PAYLOAD = '{}';

export function createFaceIdLiveCodeHandler(options: FaceIdLiveCodeHandlerOptions): LiveCodeHandler {
  const settings = commonSettings(options);
  const found = faceIdTarget(options);
  const issue = codeIssuer(options, cloudApiError, liveCodeFromCloudApiJson);
  if ('missing' in found) {
    return unconfiguredHandler({
      missing: found.missing,
      allowedOrigins: settings.allowedOrigins,
      errorShape: cloudApiError,
    });
  }
  const target = found;

  async function relay(inspect: Inspect | undefined): Promise<Response> {
    const headers = await faceIdHeaders(target, 'GetLiveCode', PAYLOAD, settings.now);
    return relayUpstream({
      fetch: settings.fetch,
      url: `${target.origin}/`,
      init: { method: 'POST', headers, body: PAYLOAD },
      timeoutMs: settings.timeoutMs,
      errorShape: cloudApiError,
      contentType: 'application/json',
      secrets: [target.secretId, target.secretKey, target.token],
      ...(inspect === undefined ? {} : { inspect }),
    });
  }

  const answer = (request: Request) => issue(request, relay);

  return (request) => serve(request, { allowedOrigins: settings.allowedOrigins, errorShape: cloudApiError, answer });
}
