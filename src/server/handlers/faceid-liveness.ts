// FaceID (Cloud API 3.0) LivenessRecognition, which checks the take against the ID card database, and
// LivenessCompare, which checks it against a reference photo; both take the video as VideoBase64 and sign with TC3.
import { base64Body, toBase64 } from '../crypto.js';
import { cloudApiLivenessVerdict } from '../liveness/answers.js';
import { createLivenessHandler, refusalReasonOf, resolveIdentity } from '../liveness/pipeline.js';
import type { IdentityCallback, LivenessHandlerOptions, SubmittedFields } from '../liveness/pipeline.js';
import { faceIdHeaders, faceIdTarget } from './faceid-request.js';
import type { FaceIdTarget } from './faceid-request.js';
import { commonSettings } from './options.js';
import type { LiveCodeHandler } from './types.js';
import { livenessErrorShape, unconfiguredHandler } from './unconfigured.js';
import { callUpstream } from './upstream.js';

/** A JPG or PNG, as bytes or already base64 (Tencent: at most 3 MB after base64). */
export type ReferencePhoto = Blob | Uint8Array | { base64: string };

export interface FaceIdLivenessHandlerOptions extends LivenessHandlerOptions {
  /** Absent (undefined or `''`) is answered per request with a 500 naming it, so a build needs no secrets. */
  secretId: string | undefined;
  secretKey: string | undefined;
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
  const found = faceIdTarget(options);
  // Built even without credentials, so every other option is still checked here; it then never runs.
  const target: FaceIdTarget = 'missing' in found ? { secretId: '', secretKey: '', origin: '' } : found;
  const action = options.action ?? 'LivenessRecognition';
  if (action !== 'LivenessRecognition' && action !== 'LivenessCompare') {
    throw new TypeError('action must be "LivenessRecognition" or "LivenessCompare"');
  }
  if (action === 'LivenessCompare' && typeof options.referencePhoto !== 'function') {
    throw new TypeError('LivenessCompare needs referencePhoto');
  }
  if (options.identity !== undefined && typeof options.identity !== 'function') throw new TypeError('identity must be a function');

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
      // VideoBase64 first, so the JSON is `{"VideoBase64":"…",` and the rest: built as a Blob piece by piece, since
      // a take's request is 4/3 of its size and a string, its encoding and fetch's copy would hold it three times.
      const rest = JSON.stringify({ ...reference, LivenessType: 'LIP', ValidateData: take.code });
      const { body, sha256 } = await base64Body('{"VideoBase64":"', video, `",${rest.slice(1)}`);
      const headers = await faceIdHeaders(target, action, { sha256 }, settings.now);
      const answer = await callUpstream({
        fetch: settings.fetch,
        url: `${target.origin}/`,
        init: { method: 'POST', headers, body },
        timeoutMs: settings.timeoutMs,
        secrets: [target.secretId, target.secretKey, target.token],
      });
      if (typeof answer === 'string') return { kind: 'failed', reason: refusalReasonOf(answer) };
      return cloudApiLivenessVerdict(answer);
    },
  }));
  if (!('missing' in found)) return handler;
  const { allowedOrigins } = commonSettings(options);
  return unconfiguredHandler({ missing: found.missing, allowedOrigins, errorShape: livenessErrorShape, methods: ['POST'] });
}
