// Issue 12, finding 8, from the element's side: an upload over the server's cap must end in one clear refusal, not
// in retries. The element's own SubmitController sends the take, chunked (no Content-Length, as a stream), to the
// real liveness handler on Node, with fetch standing in for the element's XHR (Node has none). The reset itself is
// proven at the socket level in test/server/over-cap.test.ts: Node's fetch reads an early answer even through a
// reset, where browsers report a network error (which the element retries), so this file checks what the element
// does with the 413 once it arrives, and with a proxy's own 413 page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LivenessError } from '../../src/errors.js';
import type { LivenessCompleteDetail } from '../../src/events.js';
import { describeError, loadUpstreamMessages, stringsFor } from '../../src/strings/index.js';
import { parseSubmitAnswer } from '../../src/submit/answer.js';
import { SubmitController } from '../../src/submit/submit-controller.js';
import type { UploadRequest } from '../../src/submit/upload.js';
import { serveLiveness } from '../server/raw-http.js';

const TAKE: LivenessCompleteDetail = {
  code: '0521',
  blob: new Blob([new Uint8Array(400 * 1024)], { type: 'video/mp4' }),
  mimeType: 'video/mp4',
  durationMs: 3000,
  width: 640,
  height: 480,
  size: 400 * 1024,
  needsTranscode: false,
};

async function chunkedUpload(request: UploadRequest): Promise<{ status: number; body: string }> {
  const multipart = new Response(request.form);
  const bytes = new Uint8Array(await multipart.arrayBuffer());
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 16 * 1024) controller.enqueue(bytes.slice(at, at + 16 * 1024));
      controller.close();
    },
  });
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { ...request.headers, 'Content-Type': multipart.headers.get('Content-Type')! },
    } as RequestInit);
    return { status: response.status, body: await response.text() };
  } catch (error) {
    throw new LivenessError('network', 'The upload failed.', { cause: error });
  }
}

describe('the element treats 413 as final and says why', () => {
  test('an over-cap chunked upload is sent once and ends in too-large, with a sentence in en and zh-CN', async (t) => {
    const port = await serveLiveness(t);
    let uploads = 0;
    const failed = new Promise<LivenessError>((resolve, reject) => {
      const controller = new SubmitController({ addController() {} } as never, {
        onProgress() {},
        onVerified: () => reject(new Error('verified')),
        onCancelled: () => reject(new Error('cancelled')),
        onFailed: (_take, error) => resolve(error),
        upload: (request) => {
          uploads += 1;
          return chunkedUpload(request);
        },
      });
      void controller.submit(TAKE, {
        url: `http://127.0.0.1:${port}/liveness`,
        fields: {},
        headers: {},
        credentials: 'same-origin',
      });
    });
    const error = await failed;
    assert.equal(uploads, 1);
    assert.deepEqual([error.reason, error.status, error.upstreamCode], ['rejected', 413, 'too-large']);
    await loadUpstreamMessages();
    assert.match(describeError(error.reason, error.upstreamCode, stringsFor('en')), /too large/);
    assert.match(describeError(error.reason, error.upstreamCode, stringsFor('zh-CN')), /过大/);
  });

  test("a proxy's own 413 page (not our JSON) is read as too-large too", () => {
    assert.throws(
      () => parseSubmitAnswer(413, '<html><body><h1>413 Request Entity Too Large</h1></body></html>'),
      (error: unknown) =>
        error instanceof LivenessError && error.reason === 'rejected' && error.upstreamCode === 'too-large',
    );
  });

  test('the new refusals of the server have sentences in both languages', async () => {
    await loadUpstreamMessages();
    for (const code of ['request-timeout', 'server-busy']) {
      for (const language of ['en', 'zh-CN'] as const) {
        assert.ok(Object.hasOwn(stringsFor(language).upstream, code), `${language} ${code}`);
      }
    }
  });
});
