// Issue 12, finding 8: an upload over the cap must get 413 with `Connection: close`, whether its size is declared
// (Content-Length) or not (chunked), and never a socket reset: the element retries a reset as a dropped line, so
// a reset made it send the oversized take twice more. Raw sockets, so nothing between the test and the server
// hides a reset or adds a header.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerOf, exchange, head, serveLiveness } from './raw-http.js';

/** Large enough that the kernel still holds unread body when the answer is written: that is when a close resets. */
const OVER_CAP_BYTES = 8 * 1024 * 1024;

const BODY = Buffer.alloc(OVER_CAP_BYTES, 'x');

describe('over-cap uploads get 413 with Connection: close, never a reset', () => {
  test('declared: Content-Length over the cap', async (t) => {
    const port = await serveLiveness(t);
    const seen = await exchange(port, head([`Content-Length: ${BODY.length}`]), [BODY]);
    assert.equal(seen.reset, undefined);
    assert.deepEqual(answerOf(seen.response), { status: 413, connection: 'close', reason: 'too-large' });
  });

  test('chunked: no size declared, the body runs past the cap', async (t) => {
    const port = await serveLiveness(t);
    const chunks: Buffer[] = [];
    for (let at = 0; at < BODY.length; at += 16 * 1024) {
      const piece = BODY.subarray(at, at + 16 * 1024);
      chunks.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from('0\r\n\r\n'));
    const seen = await exchange(port, head(['Transfer-Encoding: chunked']), chunks);
    assert.equal(seen.reset, undefined);
    assert.deepEqual(answerOf(seen.response), { status: 413, connection: 'close', reason: 'too-large' });
  });
});
