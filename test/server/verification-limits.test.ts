// Issue 12, finding 7: time and concurrency were unbounded. A slow upload was held for Node's 300 s, and nothing
// capped how many uploads were read and verified at once (32 of them reached 859 MiB).
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { describe, test } from 'node:test';
import { answerOf, exchange, head } from './raw-http.js';
import type { Exchange } from './raw-http.js';
import { serveLiveness } from './raw-http.js';

/** A request that declares 1000 bytes and sends 10: the server waits for the rest. */
const STALLED_HEAD = head(['Content-Length: 1000']);
const FIRST_BYTES = Buffer.from('--cap\r\nxxx');
/** Only so that a server that never answers fails the test instead of hanging it. */
const HANG = { timeout: 15_000 };

describe('the read deadline and the concurrency cap', () => {
  test(
    'an upload that stalls past readTimeoutMs gets 408 request-timeout with Connection: close, not a reset',
    HANG,
    async (t) => {
      const port = await serveLiveness(t, { readTimeoutMs: 300 });
      const seen = await exchange(port, STALLED_HEAD, [FIRST_BYTES]);
      assert.equal(seen.reset, undefined);
      assert.deepEqual(answerOf(seen.response), { status: 408, connection: 'close', reason: 'request-timeout' });
    },
  );

  test(
    'past maxConcurrentVerifications the answer is 503 server-busy with Retry-After; a freed slot serves again',
    HANG,
    async (t) => {
      const port = await serveLiveness(t, { maxConcurrentVerifications: 1 });
      let stalled: Socket | undefined;
      const first = exchange(port, STALLED_HEAD, [FIRST_BYTES], (socket) => (stalled = socket));
      // The second upload is sent until it finds the first one holding the only slot (a matter of milliseconds).
      let second: Exchange;
      for (let attempt = 0; ; attempt += 1) {
        second = await exchange(port, head(['Content-Length: 0', 'Connection: close']), []);
        if (answerOf(second.response).status === 503 || attempt === 100) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual(answerOf(second.response), {
        status: 503,
        connection: 'close',
        reason: 'server-busy',
        retryAfter: '5',
      });
      assert.match(second.response, /"ok":false/);
      // The first upload finishes (a broken body: 400), and frees its slot.
      stalled!.end(Buffer.alloc(990, 'x'));
      assert.equal(answerOf((await first).response).status, 400);
      const third = await exchange(port, head(['Content-Length: 0', 'Connection: close']), []);
      assert.equal(answerOf(third.response).status, 400);
    },
  );
});
