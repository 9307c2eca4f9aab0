// FaceID (Cloud API 3.0) LivenessRecognition, which checks the take against the ID card database, and
// LivenessCompare, which checks it against a reference photo; both take the video as VideoBase64 and sign with TC3.
import { toBase64 } from '../crypto.js';
import { cloudApiLivenessVerdict } from '../liveness/answers.js';
import { createLivenessHandler, refusalReasonOf, resolveIdentity } from '../liveness/pipeline.js';
import type { IdentityCallback, LivenessHandlerOptions, SubmittedFields } from '../liveness/pipeline.js';
import { faceIdHeaders, faceIdTarget } from './faceid-request.js';
import type { LiveCodeHandler } from './types.js';
import { callUpstream } from './upstream.js';

/** A JPG or PNG, as bytes or already base64 (Tencent: at most 3 MB after base64). */
export type ReferencePhoto = Blob | Uint8Array | { base64: string };

export interface FaceIdLivenessHandlerOptions extends LivenessHandlerOptions {
  secretId: string;
  secretKey: string;
  /** The session token of a temporary key, sent as `X-TC-Token`. */
  token?: string;
  /** Sent as `X-TC-Region` when given, e.g. `ap-guangzhou`. */
  region?: string;
  /** `LivenessRecognition` (default): against the ID card database; `LivenessCompare`: against `referencePhoto`. */
  action?: 'LivenessRecognition' | 'LivenessCompare';
  /** For `LivenessRecognition`: the person, e.g. from the integrator's session. */
  identity?: IdentityCallback;
  /** For `LivenessCompare`: the photo to compare the face with, e.g. from the integrator's records. */
  referencePhoto?: (request: Request, fields: SubmittedFields) => Promise<ReferencePhoto | undefined>;
}

async function photoBase64(photo: ReferencePhoto): Promise<string> {
  if ('base64' in photo) return photo.base64;
  return toBase64(photo instanceof Uint8Array ? photo : new Uint8Array(await photo.arrayBuffer()));
}

export function createFaceIdLivenessHandler(options: FaceIdLivenessHandlerOptions): LiveCodeHandler {
  const target = faceIdTarget(options);
  const action = options.action ?? 'LivenessRecognition';
  if (action !== 'LivenessRecognition' && action !== 'LivenessCompare') {
    throw new TypeError('action must be "LivenessRecognition" or "LivenessCompare"');
  }
  if (action === 'LivenessCompare' && typeof options.referencePhoto !== 'function') {
    throw new TypeError('LivenessCompare needs referencePhoto');
  }
  if (options.identity !== undefined && typeof options.identity !== 'function') throw new TypeError('identity must be a function');

  return createLivenessHandler<Record<string, string>>(options, (settings) => ({
    async prepare(take, browserIdentity): Promise<Record<string, string> | undefined> {
      if (action === 'LivenessCompare') {
        const photo = await options.referencePhoto!(take.request, take.fields);
        return photo === undefined ? undefined : { ImageBase64: await photoBase64(photo) };
      }
      const identity = await resolveIdentity(options.identity, take, browserIdentity);
      return identity === undefined ? undefined : { IdCard: identity.idCard, Name: identity.name };
    },

    async verify(take, reference) {
      const payload = JSON.stringify({
        ...reference,
        VideoBase64: toBase64(new Uint8Array(await take.video.arrayBuffer())),
        LivenessType: 'LIP',
        ValidateData: take.code,
      });
      const headers = await faceIdHeaders(target, action, payload, settings.now);
      const answer = await callUpstream({
        fetch: settings.fetch,
        url: `${target.origin}/`,
        init: { method: 'POST', headers, body: payload },
        timeoutMs: settings.timeoutMs,
        secrets: [target.secretId, target.secretKey, target.token],
      });
      if (typeof answer === 'string') return { kind: 'failed', reason: refusalReasonOf(answer) };
      return cloudApiLivenessVerdict(answer);
    },
  }));
}
