// Pure readers of the verification answers (no DOMParser on the server: strict regular expressions for COS's flat
// XML, JSON.parse for Cloud API), turning each into a verdict of the wire contract.
import type { UpstreamAnswer } from '../http/upstream.js';
import type { Verdict } from './pipeline.js';
import type { LivenessRejectedAnswer } from '../../protocol/wire.js';

function xmlChild(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1].trim());
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|apos|quot|#\d+|#x[\da-f]+);/gi, (entity, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
    if (name[0] !== '#') return named[name.toLowerCase()] ?? entity;
    const point = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return point <= 0x10ffff ? String.fromCodePoint(point) : entity;
  });
}

function simValue(value: unknown): number | undefined {
  const sim =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(sim) ? sim : undefined;
}

function rejected(
  upstreamCode: string,
  message: string | undefined,
  requestId: string | undefined,
  status: number,
): Verdict {
  const answer: LivenessRejectedAnswer = {
    ok: false,
    reason: 'rejected',
    upstreamCode,
    message: message ?? upstreamCode,
  };
  if (requestId !== undefined) answer.requestId = requestId;
  return { kind: 'rejected', answer, status };
}

/**
 * COS CI `LivenessRecognition`: `200 <Response><BestFrameBase64/><Sim/></Response>` (docs/tencent.md §6), or a COS
 * `<Error><Code/><Message/><RequestId/></Error>` with an HTTP error status.
 */
export function cosLivenessVerdict(answer: UpstreamAnswer): Verdict {
  const body = answer.body
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^>]*\?>/, '')
    .trim();
  const requestId = answer.headers.get('x-cos-request-id') ?? undefined;
  if (body.startsWith('<Error>')) {
    const code = xmlChild(body, 'Code');
    if (code === undefined || code === '') return { kind: 'failed', reason: 'upstream-invalid' };
    // Problems with the take come back as 4xx; the others (signature, permissions, quota) are the server's.
    const aboutTheTake = answer.status === 400 || answer.status === 422 || code.startsWith('FailedOperation.');
    const notTheTake =
      /^(AccessDenied|SignatureDoesNotMatch|InvalidAccessKeyId|RequestTimeTooSkewed|NoSuchBucket)/.test(code);
    return rejected(
      code,
      xmlChild(body, 'Message'),
      requestId ?? xmlChild(body, 'RequestId'),
      aboutTheTake && !notTheTake ? 422 : 502,
    );
  }
  if (answer.status !== 200 || !body.startsWith('<Response>')) return { kind: 'failed', reason: 'upstream-invalid' };
  const sim = simValue(xmlChild(body, 'Sim'));
  const bestFrameBase64 = xmlChild(body, 'BestFrameBase64');
  return {
    kind: 'verified',
    // COS has no result code on success: the answer itself is the Success; minSim then decides.
    result: { passed: true, ...(sim === undefined ? {} : { sim }), ...(requestId === undefined ? {} : { requestId }) },
    ...(bestFrameBase64 ? { bestFrameBase64 } : {}),
  };
}

/**
 * FaceID `LivenessRecognition` / `LivenessCompare` (Cloud API 3.0): `{"Response":{"Result":"Success","Description",
 * "Sim","BestFrameBase64","RequestId"}}`; a failure either as `Result` (`FailedOperation.LipVoiceLow`) or as
 * `Response.Error.Code`, both with HTTP 200.
 */
export function cloudApiLivenessVerdict(answer: UpstreamAnswer): Verdict {
  let value: unknown;
  try {
    value = JSON.parse(answer.body);
  } catch {
    return { kind: 'failed', reason: 'upstream-invalid' };
  }
  const response = (value as { Response?: unknown } | null)?.Response;
  if (typeof response !== 'object' || response === null) return { kind: 'failed', reason: 'upstream-invalid' };
  const fields = response as Record<string, unknown>;
  const requestId = typeof fields.RequestId === 'string' ? fields.RequestId : undefined;
  const text = (field: unknown) => (typeof field === 'string' ? field : undefined);
  if (fields.Error !== undefined) {
    const error = (typeof fields.Error === 'object' && fields.Error !== null ? fields.Error : {}) as Record<
      string,
      unknown
    >;
    const code = text(error.Code);
    if (!code) return { kind: 'failed', reason: 'upstream-invalid' };
    return rejected(code, text(error.Message), requestId, code.startsWith('FailedOperation.') ? 422 : 502);
  }
  const result = text(fields.Result);
  if (result === undefined) return { kind: 'failed', reason: 'upstream-invalid' };
  const description = text(fields.Description);
  if (result !== 'Success') return rejected(result, description, requestId, 422);
  const sim = simValue(fields.Sim);
  const bestFrameBase64 = text(fields.BestFrameBase64);
  return {
    kind: 'verified',
    result: {
      passed: true,
      ...(sim === undefined ? {} : { sim }),
      upstreamCode: result,
      ...(description === undefined ? {} : { description }),
      ...(requestId === undefined ? {} : { requestId }),
    },
    ...(bestFrameBase64 ? { bestFrameBase64 } : {}),
  };
}
