// Builds a handler from environment variables, for dev servers and quick deployments. The description names the
// upstream and its non-secret settings only, so it can be printed at startup.
import { createCosLiveCodeHandler } from './handlers/cos.js';
import { createFaceIdLiveCodeHandler } from './handlers/faceid.js';
function read(env, name) {
    const value = env[name]?.trim();
    return value ? value : undefined;
}
function allowedOrigins(env) {
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
 */
export function liveCodeHandlerFromEnv(env) {
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
    if (secretId === undefined || secretKey === undefined)
        return undefined;
    const temporary = token === undefined ? '' : ', temporary key';
    const useCos = upstream === 'cos' || (upstream === undefined && bucket !== undefined && region !== undefined);
    if (useCos) {
        if (bucket === undefined || region === undefined)
            return undefined;
        const mode = read(env, 'COS_MODE') ?? 'presign';
        if (mode !== 'presign' && mode !== 'proxy')
            throw new TypeError('COS_MODE must be "presign" or "proxy"');
        const handler = createCosLiveCodeHandler({
            secretId,
            secretKey,
            ...(token === undefined ? {} : { securityToken: token }),
            bucket,
            region,
            mode,
            allowedOrigins: allowedOrigins(env),
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
        });
        const where = faceIdRegion === undefined ? 'default region' : `region ${faceIdRegion}`;
        return { handler, description: `FaceID GetLiveCode (Cloud API 3.0, ${where}${temporary})` };
    }
    return undefined;
}
