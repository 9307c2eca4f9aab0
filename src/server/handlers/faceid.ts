// Cloud API 3.0 FaceID GetLiveCode, signed with TC3-HMAC-SHA256; the JSON answer is relayed as it is.
import { cloudApiError } from './error-shapes.js';
import { faceIdHeaders, faceIdTarget } from './faceid-request.js';
import { commonSettings } from './options.js';
import { liveCodeFromCloudApiJson } from '../liveness/code-store.js';
import { codeIssuer } from './code-issue.js';
import type { CodeIssueOptions, Inspect } from './code-issue.js';
import { serve } from './serve.js';
import type { CommonHandlerOptions, LiveCodeHandler } from './types.js';
import { relayUpstream } from './upstream.js';

export interface FaceIdLiveCodeHandlerOptions extends CommonHandlerOptions, CodeIssueOptions {
  secretId: string;
  secretKey: string;
  /** The session token of a temporary key, sent as `X-TC-Token`. */
  token?: string;
  /** Sent as `X-TC-Region` when given, e.g. `ap-guangzhou`. GetLiveCode does not require it. */
  region?: string;
}

const PAYLOAD = '{}';

export function createFaceIdLiveCodeHandler(options: FaceIdLiveCodeHandlerOptions): LiveCodeHandler {
  const settings = commonSettings(options);
  const target = faceIdTarget(options);
  const issue = codeIssuer(options, cloudApiError, liveCodeFromCloudApiJson);

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
