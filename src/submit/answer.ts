import { RETAKE_REFUSAL_REASONS } from '../protocol/wire.js';
import type { LivenessAnswer, LivenessResult } from '../protocol/wire.js';
import { LivenessError } from '../errors.js';

export type { LivenessResult } from '../protocol/wire.js';

/**
 * Failures the person can fix by reading again (no sound, digits read wrongly, lips barely moving, face not fully
 * visible, resolution too low…): the element offers a retake with a fresh code in one click. Others (a server
 * set up wrongly, a missing identity) need the site, not another take.
 */
export const FIXABLE_CODES: ReadonlySet<string> = new Set([
  'FailedOperation.LipVoiceDetect',
  'FailedOperation.LipVoiceLow',
  'FailedOperation.LipVoiceRecognize',
  'FailedOperation.LipFaceIncomplete',
  'FailedOperation.LipMoveSmall',
  'FailedOperation.LipVideoQuaility',
  'FailedOperation.LipSizeError',
  '-5002',
  '-5005',
  '-5007',
  '-5008',
  '-5009',
  '-5010',
  '-5011',
  '-5012',
  '-5013',
  '-5014',
  '-5015',
  ...RETAKE_REFUSAL_REASONS,
]);

export function isFixableByRetake(upstreamCode: string | undefined): boolean {
  return upstreamCode !== undefined && FIXABLE_CODES.has(upstreamCode);
}

/**
 * Reads the verification endpoint's answer (the wire contract of `liveness-challenge/server`). A verification
 * that ran returns its result, passed or not; a refusal or rejection throws `rejected` with the code to explain.
 */
export function parseSubmitAnswer(status: number, body: string): LivenessResult {
  let answer: LivenessAnswer;
  try {
    answer = JSON.parse(body) as LivenessAnswer;
  } catch (error) {
    // A proxy's own 413 (nginx client_max_body_size…) says the same as ours: sending it again cannot help.
    if (status === 413) {
      throw new LivenessError('rejected', 'The take is larger than the server accepts.', {
        status,
        upstreamCode: 'too-large',
        cause: error,
      });
    }
    throw new LivenessError(
      status >= 200 && status < 300 ? 'bad-response' : 'http',
      `The verification endpoint answered HTTP ${status} without JSON.`,
      { status, cause: error },
    );
  }
  if (typeof answer !== 'object' || answer === null || typeof answer.ok !== 'boolean') {
    throw new LivenessError('bad-response', 'The verification answer has no `ok`.', { status });
  }
  if (answer.ok) {
    if (typeof answer.result !== 'object' || answer.result === null || typeof answer.result.passed !== 'boolean') {
      throw new LivenessError('bad-response', 'The verification answer has no result.', { status });
    }
    return answer.result;
  }
  const upstreamCode = answer.reason === 'rejected' ? answer.upstreamCode : answer.reason;
  throw new LivenessError('rejected', `The take was not verified: ${upstreamCode}.`, {
    status,
    upstreamCode: typeof upstreamCode === 'string' ? upstreamCode : undefined,
    upstreamMessage: typeof answer.message === 'string' ? answer.message : undefined,
    requestId: 'requestId' in answer && typeof answer.requestId === 'string' ? answer.requestId : undefined,
  });
}
