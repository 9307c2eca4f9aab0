// Property-based tests of the pure answer parser: thousands of generated answers (every known shape with random
// field types, markup and non-ASCII digits in the code, truncated and garbage bodies, any content type and status).
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { parseCodeAnswer, type CodeAnswer, type RawAnswer } from '../../src/code/parse.js';
import { LivenessError } from '../../src/errors.js';
import { describeError, en, zhCN } from '../../src/strings/index.js';
import { answerBody, contentType, PROTOTYPE_KEYS, status, upstreamCodeText, validCode } from '../helpers/answers.js';
import { itemAt } from '../helpers/item-at.js';

const PARSER_REASONS = new Set(['http', 'bad-response', 'upstream']);

type Outcome = { answer: CodeAnswer } | { error: unknown };

function outcome(answer: RawAnswer, codeLength: number): Outcome {
  try {
    return { answer: parseCodeAnswer(answer, codeLength) };
  } catch (error) {
    return { error };
  }
}

/** The whole contract of parseCodeAnswer, for any input. */
function checkContract(raw: RawAnswer, codeLength: number): void {
  const result = outcome(raw, codeLength);
  const ok = raw.status >= 200 && raw.status < 300;
  if ('answer' in result) {
    const { answer } = result;
    expect(ok, `status ${raw.status} gave an answer`).to.equal(true);
    if (answer.kind === 'code') {
      expect(answer.code).to.match(new RegExp(`^[0-9]{${codeLength}}$`));
      expect(Object.keys(answer).every((key) => ['kind', 'code', 'requestId'].includes(key))).to.equal(true);
      if (answer.requestId !== undefined) expect(answer.requestId).to.be.a('string');
    } else {
      expect(answer.kind).to.equal('signed-request');
      const { request } = answer;
      expect(request.url).to.be.a('string');
      expect(request.method).to.match(/^[A-Z]+$/);
      expect(Object.getPrototypeOf(request.headers)).to.equal(Object.prototype);
      for (const value of Object.values(request.headers)) expect(value).to.be.a('string');
      if (request.body !== undefined) expect(request.body).to.be.a('string');
    }
    return;
  }
  const { error } = result;
  expect(error, String(error)).to.be.instanceOf(LivenessError);
  const failure = error as LivenessError;
  expect(PARSER_REASONS.has(failure.reason), failure.reason).to.equal(true);
  expect(failure.message).to.be.a('string');
  if (failure.status !== undefined) expect(failure.status).to.equal(raw.status);
  if (failure.reason === 'http') expect(ok).to.equal(false);
  for (const field of [failure.upstreamCode, failure.upstreamMessage, failure.requestId]) {
    if (field !== undefined) expect(field).to.be.a('string');
  }
  // Whatever the upstream said, the person gets a sentence.
  for (const strings of [en, zhCN]) {
    const sentence = describeError(failure.reason, failure.upstreamCode, strings);
    expect(sentence).to.be.a('string').and.not.be.empty;
  }
}

const codeLength = fc.integer({ min: 1, max: 8 });

describe('parseCodeAnswer, fuzzed', () => {
  it('returns a valid code or a signed request, or throws a typed LivenessError, for any answer', () => {
    fc.assert(
      fc.property(
        codeLength.chain((length) =>
          fc.record({ length: fc.constant(length), status, contentType, body: answerBody(length) }),
        ),
        ({ length, status, contentType, body }) => checkContract({ status, contentType, body }, length),
      ),
      { numRuns: 4000, includeErrorInReport: true },
    );
  });

  it('keeps the contract for arbitrary text and arbitrary JSON, whatever the label', () => {
    const body = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.jsonValue().map((value) => JSON.stringify({ Response: value })),
    );
    fc.assert(
      fc.property(codeLength, status, contentType, body, (length, status, contentType, body) =>
        checkContract({ status, contentType, body }, length),
      ),
      { numRuns: 2000, includeErrorInReport: true },
    );
  });

  it('never reads a code from a failed status, whatever the body', () => {
    const failedStatus = fc.integer({ min: 300, max: 599 });
    fc.assert(
      fc.property(
        codeLength.chain((length) => fc.tuple(fc.constant(length), answerBody(length))),
        failedStatus,
        contentType,
        ([length, body], status, label) => {
          const result = outcome({ status, contentType: label, body }, length);
          expect('error' in result).to.equal(true);
        },
      ),
      { numRuns: 1000, includeErrorInReport: true },
    );
  });

  it('reads every well-formed answer with a valid code, whatever the content type says', () => {
    const shapes = (code: string, requestId: string) => [
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <LiveCode>${code}</LiveCode>\n  <RequestId>${requestId}</RequestId>\n</Response>`,
      `<Response><LiveCode> ${code} </LiveCode></Response>`,
      `\uFEFF<Response><LiveCode><![CDATA[${code}]]></LiveCode></Response>`,
      JSON.stringify({ Response: { LiveCode: code, RequestId: requestId } }),
      JSON.stringify({ data: { validate_data: code }, code: 0, message: 'OK' }),
      ` \n${JSON.stringify({ code: '0', data: { validate_data: code } })}\n`,
    ];
    const label = fc.constantFrom(
      'application/json',
      'application/xml',
      'text/xml',
      'text/plain',
      '',
      'application/octet-stream',
    );
    fc.assert(
      fc.property(
        codeLength.chain((length) => fc.tuple(fc.constant(length), validCode(length))),
        fc.stringMatching(/^[a-z0-9-]{1,12}$/),
        fc.integer({ min: 200, max: 299 }),
        label,
        fc.nat(),
        ([length, code], requestId, status, contentType, pick) => {
          const bodies = shapes(code, requestId);
          const body = itemAt(bodies, pick % bodies.length, 'a body shape');
          // A body that is plainly JSON but labelled as XML is read as XML and refused: the label wins for markup types.
          fc.pre(
            !(
              contentType.includes('xml') &&
              !body
                .trimStart()
                .replace(/^\uFEFF/, '')
                .startsWith('<')
            ),
          );
          const answer = parseCodeAnswer({ status, contentType, body }, length);
          expect(answer).to.include({ kind: 'code', code });
        },
      ),
      { numRuns: 1000, includeErrorInReport: true },
    );
  });

  it('turns every upstream error shape into an upstream error carrying its code', () => {
    const errorBody = (code: string) => {
      const escaped = code.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
      return [
        {
          contentType: 'application/xml',
          body: `<Error><Code>${escaped}</Code><Message>m</Message><RequestId>r</RequestId></Error>`,
          trimmed: code.trim(),
        },
        {
          contentType: 'application/json',
          body: JSON.stringify({ Response: { Error: { Code: code, Message: 'm' }, RequestId: 'r' } }),
          trimmed: code,
        },
      ];
    };
    fc.assert(
      fc.property(upstreamCodeText, fc.constantFrom(200, 400, 403, 500), fc.boolean(), (code, status, xml) => {
        const { contentType, body, trimmed } = itemAt(errorBody(code), xml ? 0 : 1, 'an error shape');
        const result = outcome({ status, contentType, body }, 4);
        expect('error' in result).to.equal(true);
        const error = (result as { error: LivenessError }).error;
        expect(error).to.be.instanceOf(LivenessError);
        expect(error.reason).to.equal('upstream');
        // An empty <Code/> has no text: COS sends none, and the parser reports it as missing.
        expect(error.upstreamCode ?? '').to.equal(trimmed);
        expect(describeError(error.reason, error.upstreamCode, en)).to.be.a('string').and.not.be.empty;
      }),
      { numRuns: 1000, includeErrorInReport: true },
    );
  });

  // Found by this fuzzer: a plain-object lookup once turned `constructor` into "function Object() { [native code] }".
  it('gives a sentence for upstream codes named like Object.prototype members', () => {
    for (const code of PROTOTYPE_KEYS) {
      for (const strings of [en, zhCN]) {
        expect(describeError('upstream', code, strings), code).to.be.a('string').and.not.be.empty;
      }
    }
  });
});
