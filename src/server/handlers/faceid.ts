// Cloud API 3.0 FaceID GetLiveCode, signed with TC3-HMAC-SHA256; the JSON answer is relayed as it is.
import { tc3Authorization } from '../tc3-signature.js';
import { cloudApiError } from './error-shapes.js';
import { commonSettings, optionalText, requireText, unixSeconds, upstreamOrigin } from './options.js';
import { codeMemory, liveCodeFromCloudApiJson } from '../liveness/code-store.js';
import type { CodeMemoryOptions } from '../liveness/code-store.js';
import { serve } from './serve.js';
import type { CommonHandlerOptions, LiveCodeHandler } from './types.js';
import { relayUpstream } from './upstream.js';

export interface FaceIdLiveCodeHandlerOptions extends CommonHandlerOptions, CodeMemoryOptions {
  secretId: string;
  secretKey: string;
  /** The session token of a temporary key, sent as `X-TC-Token`. */
  token?: string;
  /** Sent as `X-TC-Region` when given, e.g. `ap-guangzhou`. GetLiveCode does not require it. */
  region?: string;
}

const DEFAULT_BASE_URL = 'https://faceid.tencentcloudapi.com';
const CONTENT_TYPE = 'application/json; charset=utf-8';
const PAYLOAD = '{}';

export function createFaceIdLiveCodeHandler(options: FaceIdLiveCodeHandlerOptions): LiveCodeHandler {
  const settings = commonSettings(options);
  const secretId = requireText(options.secretId, 'secretId');
  const secretKey = requireText(options.secretKey, 'secretKey');
  const token = optionalText(options.token, 'token');
  const region = optionalText(options.region, 'region');
  if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) throw new TypeError('region must look like "ap-guangzhou"');
  const origin = upstreamOrigin(options.baseUrl ?? DEFAULT_BASE_URL);
  const inspect = codeMemory(options, liveCodeFromCloudApiJson);

  async function answer(): Promise<Response> {
    const timestamp = unixSeconds(settings.now);
    const authorization = await tc3Authorization({
      secretId,
      secretKey,
      service: 'faceid',
      host: new URL(origin).host,
      contentType: CONTENT_TYPE,
      payload: PAYLOAD,
      timestamp,
    });
    const headers: Record<string, string> = {
      Authorization: authorization,
      'Content-Type': CONTENT_TYPE,
      'X-TC-Action': 'GetLiveCode',
      'X-TC-Version': '2018-03-01',
      'X-TC-Timestamp': String(timestamp),
    };
    if (region !== undefined) headers['X-TC-Region'] = region;
    if (token !== undefined) headers['X-TC-Token'] = token;
    return relayUpstream({
      fetch: settings.fetch,
      url: `${origin}/`,
      init: { method: 'POST', headers, body: PAYLOAD },
      timeoutMs: settings.timeoutMs,
      errorShape: cloudApiError,
      contentType: 'application/json',
      secrets: [secretKey, token],
      ...(inspect === undefined ? {} : { inspect }),
    });
  }

  return (request) => serve(request, { allowedOrigins: settings.allowedOrigins, errorShape: cloudApiError, answer });
}
