// The verification endpoint's answer read on its own (src/submit/answer.ts): every answer becomes either a result or a
// LivenessError with a typed reason, never an untyped throw. The whole round trip is test/submit/ and
// test/node/submit-over-cap.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LivenessError } from '../../src/errors.js';
import { isFixableByRetake, parseSubmitAnswer } from '../../src/submit/answer.js';

/** What `parseSubmitAnswer` threw, which must be a LivenessError. */
function refusal(status: number, body: string): LivenessError {
  try {
    parseSubmitAnswer(status, body);
  } catch (error) {
    if (error instanceof LivenessError) return error;
    throw new Error(`expected a LivenessError, got ${String(error)}`);
  }
  throw new Error(`expected ${body} to be refused, but it parsed`);
}

describe('parseSubmitAnswer: verified answers', () => {
  test('a passed verification returns its result as given', () => {
    const result = { passed: true, sim: 92.5, upstreamCode: 'Success', requestId: 'r-1' };
    assert.deepEqual(
      parseSubmitAnswer(200, JSON.stringify({ ok: true, result })),
      result,
      'the result, field for field',
    );
  });

  test('a verification that did not pass is a result too, not an error', () => {
    const result = parseSubmitAnswer(
      200,
      JSON.stringify({ ok: true, result: { passed: false, description: 'sim 40 < 70' } }),
    );
    assert.equal(result.passed, false, 'passed: false comes back as a result');
  });
});

describe('parseSubmitAnswer: refusals', () => {
  const lipVoiceLow = JSON.stringify({
    ok: false,
    reason: 'rejected',
    upstreamCode: 'FailedOperation.LipVoiceLow',
    message: '音量太低',
    requestId: 'r-2',
  });

  test('an upstream rejection throws reason rejected', () => {
    assert.equal(refusal(422, lipVoiceLow).reason, 'rejected', 'reason rejected');
  });

  test('an upstream rejection names the upstream code', () => {
    assert.equal(refusal(422, lipVoiceLow).upstreamCode, 'FailedOperation.LipVoiceLow', 'the upstream code');
  });

  test('an upstream rejection keeps the upstream message, untranslated', () => {
    assert.equal(refusal(422, lipVoiceLow).upstreamMessage, '音量太低', 'the upstream message');
  });

  test('an upstream rejection keeps the request id for support', () => {
    assert.equal(refusal(422, lipVoiceLow).requestId, 'r-2', 'the request id');
  });

  test('a refusal keeps the HTTP status', () => {
    assert.equal(refusal(422, lipVoiceLow).status, 422, 'status 422');
  });

  test('a quiet voice is fixable by a retake', () => {
    assert.equal(isFixableByRetake(refusal(422, lipVoiceLow).upstreamCode), true, 'LipVoiceLow offers a retake');
  });

  test("the server's own refusal names its reason as the code", () => {
    const error = refusal(422, JSON.stringify({ ok: false, reason: 'stale-code', message: 'The code expired.' }));
    assert.equal(error.upstreamCode, 'stale-code', 'the refusal reason stands as the code');
  });

  test('an expired code is fixable by a retake (a new take brings a new code)', () => {
    const error = refusal(422, JSON.stringify({ ok: false, reason: 'stale-code', message: 'The code expired.' }));
    assert.equal(isFixableByRetake(error.upstreamCode), true, 'stale-code offers a retake');
  });

  test('a missing identity is not fixable by a retake', () => {
    const error = refusal(401, JSON.stringify({ ok: false, reason: 'no-identity', message: 'No identity.' }));
    assert.equal(isFixableByRetake(error.upstreamCode), false, 'no-identity needs the site, not a retake');
  });

  test('a signature failure is not fixable by a retake', () => {
    const body = JSON.stringify({
      ok: false,
      reason: 'rejected',
      upstreamCode: 'AuthFailure.SignatureFailure',
      message: '',
    });
    assert.equal(isFixableByRetake(refusal(502, body).upstreamCode), false, 'a server set up wrongly needs the site');
  });

  test('an unknown reason is still a typed rejection', () => {
    const error = refusal(422, JSON.stringify({ ok: false, reason: 'reason-from-a-newer-server', message: '' }));
    assert.equal(error.reason, 'rejected', 'reason rejected');
  });

  test('an unknown reason is kept as the code, so support can read it', () => {
    const error = refusal(422, JSON.stringify({ ok: false, reason: 'reason-from-a-newer-server', message: '' }));
    assert.equal(error.upstreamCode, 'reason-from-a-newer-server', 'the unknown reason as the code');
  });

  test('an unknown reason is not offered a retake', () => {
    const error = refusal(422, JSON.stringify({ ok: false, reason: 'reason-from-a-newer-server', message: '' }));
    assert.equal(isFixableByRetake(error.upstreamCode), false, 'only known fixable codes offer a retake');
  });

  test('a reason that is not a string leaves the code undefined rather than a number', () => {
    const error = refusal(422, JSON.stringify({ ok: false, reason: 42, message: '' }));
    assert.equal(error.upstreamCode, undefined, 'no upstream code');
  });

  test('a message or request id that is not a string is dropped', () => {
    const error = refusal(
      422,
      JSON.stringify({ ok: false, reason: 'rejected', upstreamCode: 'X', message: {}, requestId: 7 }),
    );
    assert.deepEqual([error.upstreamMessage, error.requestId], [undefined, undefined], 'no message, no request id');
  });
});

describe('parseSubmitAnswer: malformed answers', () => {
  test('a 200 that is not JSON is bad-response', () => {
    assert.equal(refusal(200, '<html>proxy page</html>').reason, 'bad-response', 'bad-response');
  });

  test('an error status that is not JSON is http', () => {
    assert.equal(refusal(502, '<html>Bad Gateway</html>').reason, 'http', 'http');
  });

  test('an answer that is not JSON carries the parse error as its cause', () => {
    assert.ok(refusal(502, 'nope').cause instanceof SyntaxError, 'the cause is the SyntaxError');
  });

  test("a proxy's own 413 page is refused as too large, like the server's own 413", () => {
    const error = refusal(413, '<html>413 Request Entity Too Large</html>');
    assert.deepEqual([error.reason, error.upstreamCode], ['rejected', 'too-large'], 'rejected, too-large');
  });

  test('JSON without ok is bad-response', () => {
    assert.equal(refusal(200, JSON.stringify({ result: { passed: true } })).reason, 'bad-response', 'bad-response');
  });

  test('ok given as a string is bad-response', () => {
    assert.equal(
      refusal(200, JSON.stringify({ ok: 'true', result: { passed: true } })).reason,
      'bad-response',
      'bad-response',
    );
  });

  test('JSON null is bad-response, not a TypeError', () => {
    assert.equal(refusal(200, 'null').reason, 'bad-response', 'bad-response');
  });

  test('a JSON number is bad-response', () => {
    assert.equal(refusal(200, '42').reason, 'bad-response', 'bad-response');
  });

  test('ok without a result is bad-response', () => {
    assert.equal(refusal(200, JSON.stringify({ ok: true })).reason, 'bad-response', 'bad-response');
  });

  test('a result without a boolean passed is bad-response', () => {
    assert.equal(
      refusal(200, JSON.stringify({ ok: true, result: { passed: 'yes' } })).reason,
      'bad-response',
      'bad-response',
    );
  });
});
