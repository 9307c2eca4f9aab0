import { expect } from '@open-wc/testing';
import { parseCodeAnswer, type RawAnswer } from '../../src/code/parse.js';
import { LivenessError } from '../../src/errors.js';

const xml = (body: string, status = 200): RawAnswer => ({ status, contentType: 'application/xml', body });
const json = (value: unknown, status = 200): RawAnswer => ({
  status,
  contentType: 'application/json',
  body: typeof value === 'string' ? value : JSON.stringify(value),
});

function failure(answer: RawAnswer, codeLength = 4): LivenessError {
  try {
    parseCodeAnswer(answer, codeLength);
  } catch (error) {
    expect(error).to.be.instanceOf(LivenessError);
    return error as LivenessError;
  }
  throw new Error('expected the answer to be refused');
}

describe('parseCodeAnswer', () => {
  describe('accepted shapes', () => {
    it('reads a COS CI XML answer and keeps leading zeros', () => {
      const answer = xml('<?xml version="1.0"?>\n<Response>\n  <LiveCode>0521</LiveCode>\n</Response>');
      expect(parseCodeAnswer(answer, 4)).to.deep.equal({ kind: 'code', code: '0521', requestId: undefined });
    });

    it('reads a Cloud API 3.0 JSON answer with its request id', () => {
      const answer = json({ Response: { LiveCode: '4392', RequestId: 'req-1' } });
      expect(parseCodeAnswer(answer, 4)).to.deep.equal({ kind: 'code', code: '4392', requestId: 'req-1' });
    });

    it('reads a legacy face API answer', () => {
      const answer = json({ data: { validate_data: '9532' }, code: 0, message: 'OK' });
      expect(parseCodeAnswer(answer, 4)).to.deep.equal({ kind: 'code', code: '9532' });
    });

    it('recognises a signed request, only url required', () => {
      expect(
        parseCodeAnswer(json({ url: 'https://b.cos.ap-x.myqcloud.com/?ci-process=GetLiveCode' }), 4),
      ).to.deep.equal({
        kind: 'signed-request',
        request: {
          url: 'https://b.cos.ap-x.myqcloud.com/?ci-process=GetLiveCode',
          method: 'GET',
          headers: {},
          body: undefined,
        },
      });
    });

    it('detects the shape from the body when the content type is wrong', () => {
      const answer = { status: 200, contentType: 'text/plain', body: '<Response><LiveCode>1234</LiveCode></Response>' };
      expect(parseCodeAnswer(answer, 4)).to.include({ code: '1234' });
      expect(parseCodeAnswer({ ...json({ Response: { LiveCode: '5678' } }), contentType: '' }, 4)).to.include({
        code: '5678',
      });
    });

    it('honours another code length', () => {
      expect(parseCodeAnswer(json({ Response: { LiveCode: '012345' } }), 6)).to.include({ code: '012345' });
    });
  });

  describe('upstream errors', () => {
    it('turns a COS <Error> into an upstream error with its code, message and request id', () => {
      const error = failure(
        xml(
          '<Error><Code>SignatureDoesNotMatch</Code><Message>bad sig</Message><RequestId>r-9</RequestId></Error>',
          403,
        ),
      );
      expect(error).to.include({
        reason: 'upstream',
        upstreamCode: 'SignatureDoesNotMatch',
        upstreamMessage: 'bad sig',
        requestId: 'r-9',
        status: 403,
      });
    });

    it('turns a Cloud API error into an upstream error', () => {
      const error = failure(
        json({
          Response: {
            Error: { Code: 'UnauthorizedOperation.Nonactivated', Message: '未开通服务。' },
            RequestId: 'r-2',
          },
        }),
      );
      expect(error).to.include({
        reason: 'upstream',
        upstreamCode: 'UnauthorizedOperation.Nonactivated',
        upstreamMessage: '未开通服务。',
        requestId: 'r-2',
      });
    });

    it('turns a legacy non-zero code into an upstream error', () => {
      const error = failure(json({ data: {}, code: -5007, message: 'no sound' }));
      expect(error).to.include({ reason: 'upstream', upstreamCode: '-5007', upstreamMessage: 'no sound' });
    });
  });

  describe('refusals', () => {
    const badCodes = ['12a4', '123', '12345', '١٢٣٤', ' 1234 x', '', '12.4', '-123'];
    for (const code of badCodes) {
      it(`refuses the code ${JSON.stringify(code)} as bad-response`, () => {
        expect(failure(json({ Response: { LiveCode: code } })).reason).to.equal('bad-response');
      });
    }

    it('refuses a numeric code: its leading zeros are already lost', () => {
      expect(failure(json({ data: { validate_data: 521 }, code: 0, message: 'OK' })).reason).to.equal('bad-response');
    });

    it('refuses malformed XML and JSON as bad-response', () => {
      expect(failure(xml('<Response><LiveCode>1234</LiveCode>')).reason).to.equal('bad-response');
      expect(failure(json('{"Response":{"LiveCode":"1234"')).reason).to.equal('bad-response');
      expect(failure(json('[1,2]')).reason).to.equal('bad-response');
      expect(failure(json({ something: 'else' })).reason).to.equal('bad-response');
    });

    it('reports an HTML error page by its HTTP status', () => {
      const page = {
        status: 502,
        contentType: 'text/html',
        body: '<!DOCTYPE html><html><body>Bad Gateway</body></html>',
      };
      expect(failure(page)).to.include({ reason: 'http', status: 502 });
      expect(failure({ ...page, status: 200 }).reason).to.equal('bad-response');
    });

    it('reports a failed status with an unreadable body as http', () => {
      expect(failure({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' })).to.include({
        reason: 'http',
        status: 500,
      });
    });

    it('refuses a signed request with a bad method or headers', () => {
      expect(failure(json({ url: 'https://x/', method: 'G E T' })).reason).to.equal('bad-response');
      expect(failure(json({ url: 'https://x/', headers: { a: 1 } })).reason).to.equal('bad-response');
    });
  });
});
