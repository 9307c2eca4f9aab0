// Builds the demo's handlers from environment variables (the dev server, `npm start`, and the demo's verification
// loop). The description names the upstream and its non-secret settings only, so it can be printed at startup. It
// uses only the public entry of `liveness-challenge/server`, as an integrator's own wiring would; it is not published.
import {
  createCosLiveCodeHandler,
  createCosLivenessHandler,
  createFaceIdLiveCodeHandler,
  createFaceIdLivenessHandler,
  createMemoryCodeStore,
} from '../src/server/index.js';
import type { CodeIssueLimit, LiveCodeHandler, LivenessHandler, SessionCallback } from '../src/server/index.js';

export interface HandlerFromEnv {
  handler: LiveCodeHandler;
  /** e.g. `COS GetLiveCode (presigned, bucket examplebucket-1250000000, region ap-guangzhou)`; never a secret. */
  description: string;
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function allowedOrigins(env: Env): string[] {
  return (read(env, 'LIVENESS_ALLOWED_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/**
 * Reads:
 * - `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` (both required), `TENCENTCLOUD_SESSION_TOKEN` (temporary keys);
 * - `LIVENESS_UPSTREAM`: `cos` or `faceid`; when unset, COS if `COS_BUCKET` and `COS_REGION` are set, else FaceID
 *   if `FACEID_REGION` is set;
 * - `COS_BUCKET`, `COS_REGION`, `COS_MODE` (`presign`, the default, or `proxy`); `FACEID_REGION`;
 * - `LIVENESS_ALLOWED_ORIGINS`: comma-separated origins allowed cross-origin (same-origin calls need none).
 *
 * Returns undefined when the variables do not describe an upstream; throws when they name one badly
 * (an unknown `LIVENESS_UPSTREAM` or `COS_MODE`, a malformed bucket), so a typo fails at startup.
 *
 * The handler knows no sessions (environment variables cannot name a session callback), so its codes are unbound
 * and issuing is not limited: to bind codes to sessions, create the handler in code with `session`.
 */
export function liveCodeHandlerFromEnv(env: Env): HandlerFromEnv | undefined {
  const secretId = read(env, 'TENCENTCLOUD_SECRET_ID');
  const secretKey = read(env, 'TENCENTCLOUD_SECRET_KEY');
  const token = read(env, 'TENCENTCLOUD_SESSION_TOKEN');
  const upstream = read(env, 'LIVENESS_UPSTREAM');
  const bucket = read(env, 'COS_BUCKET');
  const region = read(env, 'COS_REGION');
  const faceIdRegion = read(env, 'FACEID_REGION');
  if (upstream !== undefined && upstream !== 'cos' && upstream !== 'faceid') {
    throw new TypeError('LIVENESS_UPSTREAM must be "cos" or "faceid"');
  }
  if (secretId === undefined || secretKey === undefined) return undefined;
  const temporary = token === undefined ? '' : ', temporary key';

  const useCos = upstream === 'cos' || (upstream === undefined && bucket !== undefined && region !== undefined);
  if (useCos) {
    if (bucket === undefined || region === undefined) return undefined;
    const mode = read(env, 'COS_MODE') ?? 'presign';
    if (mode !== 'presign' && mode !== 'proxy') throw new TypeError('COS_MODE must be "presign" or "proxy"');
    const handler = createCosLiveCodeHandler({
      secretId,
      secretKey,
      ...(token === undefined ? {} : { securityToken: token }),
      bucket,
      region,
      mode,
      allowedOrigins: allowedOrigins(env),
      acceptUnboundCodes: true,
    });
    const how = mode === 'presign' ? 'presigned' : 'proxied';
    return { handler, description: `COS GetLiveCode (${how}, bucket ${bucket}, region ${region}${temporary})` };
  }

  if (upstream === 'faceid' || faceIdRegion !== undefined) {
    const handler = createFaceIdLiveCodeHandler({
      secretId,
      secretKey,
      ...(token === undefined ? {} : { token }),
      ...(faceIdRegion === undefined ? {} : { region: faceIdRegion }),
      allowedOrigins: allowedOrigins(env),
      acceptUnboundCodes: true,
    });
    const where = faceIdRegion === undefined ? 'default region' : `region ${faceIdRegion}`;
    return { handler, description: `FaceID GetLiveCode (Cloud API 3.0, ${where}${temporary})` };
  }
  return undefined;
}

export interface VerificationLoopFromEnv {
  /** The code endpoint, remembering the codes it relays. */
  codeHandler: LiveCodeHandler;
  /** The liveness endpoint, accepting only those codes. */
  livenessHandler: LivenessHandler;
  /** Never a secret. */
  description: string;
}

/**
 * The whole loop from the same variables as `liveCodeHandlerFromEnv`, plus the identity to verify against:
 * `LIVENESS_ID_CARD` and `LIVENESS_NAME` (the person trying the demo), or `LIVENESS_IDENTITY_FROM_BROWSER=1` to take
 * the page's `idCard`/`name` fields (a demo convenience, never for production). COS runs the code handler in proxy
 * mode whatever `COS_MODE` says, so codes are remembered and verified once.
 * `options.baseUrl` points both handlers at a fake upstream; `options.secretId`/`secretKey` stand in for missing
 * credentials then (the fake's own), so the demo runs the loop with no set-up. `options.session` is the page's
 * session id (both handlers need it: codes are bound to the session that asked for them).
 */
export function verificationLoopFromEnv(
  env: Env,
  options: {
    baseUrl?: string;
    secretId?: string;
    secretKey?: string;
    session?: SessionCallback;
    codeIssueLimit?: CodeIssueLimit;
    maxConcurrentVerifications?: number;
  } = {},
): VerificationLoopFromEnv | undefined {
  const secretId = read(env, 'TENCENTCLOUD_SECRET_ID') ?? options.secretId;
  const secretKey = read(env, 'TENCENTCLOUD_SECRET_KEY') ?? options.secretKey;
  if (secretId === undefined || secretKey === undefined) return undefined;
  const token = read(env, 'TENCENTCLOUD_SESSION_TOKEN');
  const bucket = read(env, 'COS_BUCKET');
  const region = read(env, 'COS_REGION');
  const faceIdRegion = read(env, 'FACEID_REGION');
  const upstream = read(env, 'LIVENESS_UPSTREAM');
  if (upstream !== undefined && upstream !== 'cos' && upstream !== 'faceid') {
    throw new TypeError('LIVENESS_UPSTREAM must be "cos" or "faceid"');
  }
  const idCard = read(env, 'LIVENESS_ID_CARD');
  const name = read(env, 'LIVENESS_NAME');
  const fromBrowser = read(env, 'LIVENESS_IDENTITY_FROM_BROWSER') === '1';
  const codeStore = createMemoryCodeStore();
  const common = {
    secretId,
    secretKey,
    allowedOrigins: allowedOrigins(env),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.session === undefined ? {} : { session: options.session }),
  };
  const liveness = {
    codeStore,
    ...(idCard !== undefined && name !== undefined ? { identity: async () => ({ idCard, name }) } : {}),
    allowIdentityFromBrowser: fromBrowser,
    ...(options.maxConcurrentVerifications === undefined
      ? {}
      : { maxConcurrentVerifications: options.maxConcurrentVerifications }),
  };
  const issueLimit = options.codeIssueLimit === undefined ? {} : { codeIssueLimit: options.codeIssueLimit };
  const where = options.baseUrl === undefined ? 'Tencent Cloud' : `fake upstream ${options.baseUrl}`;
  const who =
    idCard !== undefined && name !== undefined
      ? 'identity from LIVENESS_ID_CARD/LIVENESS_NAME'
      : fromBrowser
        ? 'identity from the page'
        : 'no identity configured';

  const useCos = upstream === 'cos' || (upstream === undefined && bucket !== undefined && region !== undefined);
  if (useCos) {
    if (bucket === undefined || region === undefined) return undefined;
    const cos = { ...common, ...(token === undefined ? {} : { securityToken: token }), bucket, region };
    return {
      codeHandler: createCosLiveCodeHandler({ ...cos, ...issueLimit, mode: 'proxy', codeStore }),
      livenessHandler: createCosLivenessHandler({ ...cos, ...liveness }),
      description: `COS CI GetLiveCode + LivenessRecognition (${where}, bucket ${bucket}, ${who})`,
    };
  }
  const faceId = {
    ...common,
    ...(token === undefined ? {} : { token }),
    ...(faceIdRegion === undefined ? {} : { region: faceIdRegion }),
  };
  return {
    codeHandler: createFaceIdLiveCodeHandler({ ...faceId, ...issueLimit, codeStore }),
    livenessHandler: createFaceIdLivenessHandler({ ...faceId, ...liveness }),
    description: `FaceID GetLiveCode + LivenessRecognition (${where}, ${who})`,
  };
}
