// FaceID (Cloud API 3.0) LivenessRecognition, which checks the take against the ID card database, and
// LivenessCompare, which checks it against a reference photo; both take the video as VideoBase64 and sign with TC3.
import { base64Body, toBase64 } from '../signing/crypto.js';
import { cloudApiLivenessVerdict } from './answers.js';
import { createLivenessHandler, livenessErrorShape, refusalReasonOf, resolveIdentity } from './pipeline.js';
import type { IdentityCallback, LivenessHandlerOptions, SubmittedFields } from './pipeline.js';
import { tc3SigningKeys } from '../signing/tc3.js';
import { faceIdHeaders, faceIdTarget } from '../http/faceid-request.js';
import type { FaceIdTarget } from '../http/faceid-request.js';
import { commonSettings } from '../http/options.js';
import type { LivenessHandler } from '../http/types.js';
import { unconfiguredHandler } from '../http/unconfigured.js';
import { callUpstream } from '../http/upstream.js';

/** A JPG or PNG, as bytes or already base64 (Tencent: at most 3 MB after base64). */
export type ReferencePhoto = Blob | Uint8Array | { base64: string };

export interface FaceIdLivenessHandlerOptions extends LivenessHandlerOptions {
  /** Absent (undefined or `''`) is answered per request with a 500 naming it, so a build needs no secrets. */
  secretId: string | undefined;
  secretKey: string | undefined;
  /** The session token of a temporary key, sent as `X-TC-Token`. */
  token?: string | undefined;
  /** Sent as `X-TC-Region` when given, e.g. `ap-guangzhou`. */
  region?: string | undefined;
  /** `LivenessRecognition` (default): against the ID card database; `LivenessCompare`: against `referencePhoto`. */
  action?: 'LivenessRecognition' | 'LivenessCompare' | undefined;
  /** For `LivenessRecognition`: the person, e.g. from the integrator's session. */
  identity?: IdentityCallback | undefined;
  /** For `LivenessCompare`: the photo to compare the face with, e.g. from the integrator's records. */
  referencePhoto?: (request: Request, fields: SubmittedFields) => Promise<ReferencePhoto | undefined>;
}

async function photoBase64(photo: ReferencePhoto): Promise<string> {
  if ('base64' in photo) return photo.base64;
  return toBase64(photo instanceof Uint8Array ? photo : new Uint8Array(await photo.arrayBuffer()));
}

export function createFaceIdLivenessHandler(options: FaceIdLivenessHandlerOptions): LivenessHandler {
  const found = faceIdTarget(options);
  // Built even without credentials, so every other option is still checked here; it then never runs.
  const target: FaceIdTarget =
    'missing' in found ? { secretId: '', secretKey: '', signingKeys: tc3SigningKeys(''), origin: '' } : found;
  const action = options.action ?? 'LivenessRecognition';
  if (action !== 'LivenessRecognition' && action !== 'LivenessCompare') {
    throw new TypeError('action must be "LivenessRecognition" or "LivenessCompare"');
  }
  if (action === 'LivenessCompare' && typeof options.referencePhoto !== 'function') {
    throw new TypeError('LivenessCompare needs referencePhoto');
  }
  if (options.identity !== undefined && typeof options.identity !== 'function')
    throw new TypeError('identity must be a function');

  const handler = createLivenessHandler<Record<string, string>>(options, (settings) => ({
    async prepare(take, browserIdentity): Promise<Record<string, string> | undefined> {
      if (action === 'LivenessCompare') {
        const photo = await options.referencePhoto!(take.request, take.fields);
        return photo === undefined ? undefined : { ImageBase64: await photoBase64(photo) };
      }
      const identity = await resolveIdentity(options.identity, take, browserIdentity);
      return identity === undefined ? undefined : { IdCard: identity.idCard, Name: identity.name };
    },

    async verify(take, reference, video) {
      // VideoBase64 first, so the JSON is `{"VideoBase64":"…",` and the rest: streamed, encoded piece by piece as
      // it goes (see base64Body), since the request is 4/3 of the take's size and each full copy would count.
      const rest = JSON.stringify({ ...reference, LivenessType: 'LIP', ValidateData: take.code });
      const { body, length, sha256 } = await base64Body('{"VideoBase64":"', video, `",${rest.slice(1)}`);
      const headers = await faceIdHeaders(target, action, { sha256 }, settings.now);
      // The length is known, so the request is not sent chunked: not every gateway takes a chunked upload.
      headers['Content-Length'] = String(length);
      const answer = await callUpstream({
        fetch: settings.fetch,
        url: `${target.origin}/`,
        // `duplex: 'half'`: fetch requires it for a stream body (the answer is read only after the body went).
        init: { method: 'POST', headers, body, duplex: 'half' } as RequestInit,
        timeoutMs: settings.timeoutMs,
        secrets: [target.secretId, target.secretKey, target.token],
      });
      if (typeof answer === 'string') return { kind: 'failed', reason: refusalReasonOf(answer) };
      return cloudApiLivenessVerdict(answer);
    },
  }));
  if (!('missing' in found)) return handler;
  const { allowedOrigins } = commonSettings(options);
  return unconfiguredHandler({
    missing: found.missing,
    allowedOrigins,
    errorShape: livenessErrorShape,
    methods: ['POST'],
  });
}
