// COS CI LivenessRecognition, "when uploading": the take is PUT into the bucket with
// `?ci-process=LivenessRecognition&IdCard=…&Name=…&LivenessType=LIP&ValidateData=<code>`, and COS answers the
// verification in XML. The video then stays in the bucket under `objectKey`: give that prefix a lifecycle rule.
import { cosAuthorization, cosBaseUrl, cosUrlEncode } from '../signing/cos.js';
import { randomId } from '../signing/crypto.js';
import { cosLivenessVerdict } from './answers.js';
import { createLivenessHandler, livenessErrorShape, refusalReasonOf, resolveIdentity } from './pipeline.js';
import type { IdentityCallback, LivenessHandlerOptions, LivenessIdentity, Take } from './pipeline.js';
import { commonSettings, optionalText, readCredentials, unixSeconds, upstreamOrigin } from '../http/options.js';
import type { LivenessHandler } from '../http/types.js';
import { unconfiguredHandler } from '../http/unconfigured.js';
import { callUpstream } from '../http/upstream.js';

export interface CosLivenessHandlerOptions extends LivenessHandlerOptions {
  /** Absent (undefined or `''`) is answered per request with a 500 naming it, so a build needs no secrets. */
  secretId: string | undefined;
  secretKey: string | undefined;
  /** The STS session token of a temporary key, sent as `x-cos-security-token`. */
  securityToken?: string | undefined;
  /** Full bucket name with its APPID, e.g. `examplebucket-1250000000`. */
  bucket: string;
  /** e.g. `ap-guangzhou`. */
  region: string;
  /**
   * The person to verify against the ID card database, e.g. from the integrator's session. Browser fields named
   * `idCard`/`name` are used only with `allowIdentityFromBrowser: true`.
   */
  identity?: IdentityCallback | undefined;
  /** The object key of each upload, without a leading `/`. Default `liveness/<yyyy-mm-dd>/<uuid>.mp4`. */
  objectKey?: ((take: Take) => string) | undefined;
}

function defaultObjectKey(now: number): string {
  return `liveness/${new Date(now).toISOString().slice(0, 10)}/${randomId()}.mp4`;
}

export function createCosLivenessHandler(options: CosLivenessHandlerOptions): LivenessHandler {
  const credentials = readCredentials(options, ['secretId', 'secretKey']);
  const { secretId, secretKey } = 'missing' in credentials ? { secretId: '', secretKey: '' } : credentials.values;
  const securityToken = optionalText(options.securityToken, 'securityToken');
  const origin = upstreamOrigin(options.baseUrl ?? cosBaseUrl(options.bucket, options.region));
  if (options.baseUrl !== undefined) cosBaseUrl(options.bucket, options.region);
  if (options.identity !== undefined && typeof options.identity !== 'function')
    throw new TypeError('identity must be a function');

  // Built even without credentials, so every other option is still checked here; it then never runs.
  const handler = createLivenessHandler<LivenessIdentity>(options, (settings) => ({
    prepare: (take, browserIdentity) => resolveIdentity(options.identity, take, browserIdentity),

    async verify(take, identity, video) {
      const key = (options.objectKey?.(take) ?? defaultObjectKey(settings.now())).replace(/^\/+/, '');
      if (key === '') throw new TypeError('objectKey must not be empty');
      const query = {
        'ci-process': 'LivenessRecognition',
        IdCard: identity.idCard,
        Name: identity.name,
        LivenessType: 'LIP',
        ValidateData: take.code,
      };
      const start = unixSeconds(settings.now);
      // The signature must still be valid when COS starts reading a slow upload.
      const lifetime = Math.max(60, Math.ceil(settings.timeoutMs / 1000) + 60);
      const authorization = await cosAuthorization({
        secretId,
        secretKey,
        method: 'PUT',
        pathname: `/${key}`,
        query,
        headers: { host: new URL(origin).host },
        keyTime: `${start};${start + lifetime}`,
      });
      const headers: Record<string, string> = { Authorization: authorization, 'Content-Type': 'video/mp4' };
      if (securityToken !== undefined) headers['x-cos-security-token'] = securityToken;
      const path = key.split('/').map(cosUrlEncode).join('/');
      const search = Object.entries(query)
        .map(([name, value]) => `${cosUrlEncode(name)}=${cosUrlEncode(value)}`)
        .join('&');
      const answer = await callUpstream({
        fetch: settings.fetch,
        url: `${origin}/${path}?${search}`,
        init: { method: 'PUT', headers, body: video as Uint8Array<ArrayBuffer> },
        timeoutMs: settings.timeoutMs,
        secrets: [secretId, secretKey, securityToken],
      });
      if (typeof answer === 'string') return { kind: 'failed', reason: refusalReasonOf(answer) };
      return cosLivenessVerdict(answer);
    },
  }));
  if (!('missing' in credentials)) return handler;
  const { allowedOrigins } = commonSettings(options);
  return unconfiguredHandler({
    missing: credentials.missing,
    allowedOrigins,
    errorShape: livenessErrorShape,
    methods: ['POST'],
  });
}
