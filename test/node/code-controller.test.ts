// Code freshness on its own: a CodeController on a plain host object, with a clock the test moves and a fetch that
// answers like the signing endpoint (Tencent's cloud API shape, a new code each time). What a take gets: the code on
// screen while it is younger than `code-ttl`, a new one after, the one already on its way, or its successor's.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { ReactiveController } from 'lit';
import { CodeController, type CodeHost } from '../../src/code/code-controller.js';

class FakeHost implements CodeHost {
  endpoint = '/live-code';
  method = 'GET';
  headers: Record<string, string> = {};
  credentials: RequestCredentials = 'same-origin';
  timeout = 5000;
  codeTtl = 300;
  isConnected = true;
  baseURI = 'http://localhost/';
  requests = 0;
  private nextCode = 1000;

  addController(_controller: ReactiveController): void {}
  removeController(_controller: ReactiveController): void {}
  requestUpdate(): void {}
  readonly updateComplete = Promise.resolve(true);

  async fetch(): Promise<Response> {
    this.requests += 1;
    const body = { Response: { LiveCode: String(this.nextCode++), RequestId: `request-${this.requests}` } };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  }
}

let host: FakeHost;
let now: number;
let shown: string[];
let controller: CodeController;

beforeEach(() => {
  host = new FakeHost();
  now = 0;
  shown = [];
  const callbacks = {
    codeLength: () => 4,
    onWaiting: () => {},
    onCode: ({ code }: { code: string }) => shown.push(code),
    onError: (error: Error) => assert.fail(error),
  };
  controller = new CodeController(host, callbacks, () => now);
});

/** Shows a code at the current time and returns it. */
async function showCode(): Promise<string> {
  const result = await controller.fetchCode();
  assert.ok(result, 'no code');
  return result.code;
}

describe('CodeController: the code for a take', () => {
  it('is the code on screen while it is younger than code-ttl', async () => {
    const onScreen = await showCode();
    now = 299_999;
    assert.equal(await controller.codeForTake(onScreen, false), onScreen);
  });

  it('is a new code once the one on screen reaches code-ttl', async () => {
    const onScreen = await showCode();
    now = 300_000;
    assert.notEqual(await controller.codeForTake(onScreen, false), onScreen);
  });

  it('never goes stale with code-ttl 0', async () => {
    host.codeTtl = 0;
    const onScreen = await showCode();
    now = 1e9;
    assert.equal(await controller.codeForTake(onScreen, false), onScreen);
  });

  it('is a new code when a fresh one is asked for (a retake), however young the one on screen', async () => {
    const onScreen = await showCode();
    assert.notEqual(await controller.codeForTake(onScreen, true), onScreen);
  });

  it('is the code already on its way, without asking the endpoint again', async () => {
    const onItsWay = controller.fetchCode();
    const forTake = await controller.codeForTake(undefined, false);
    assert.deepEqual([forTake, host.requests], [(await onItsWay)?.code, 1]);
  });

  it("is the successor's code when the request it waited for is superseded (a new endpoint)", async () => {
    void controller.fetchCode();
    const forTake = controller.codeForTake(undefined, false);
    host.endpoint = '/other-live-code';
    const successor = controller.fetchCode();
    assert.equal(await forTake, (await successor)?.code);
  });

  it('is undefined when there is no endpoint', async () => {
    host.endpoint = '';
    assert.equal(await controller.codeForTake(undefined, false), undefined);
  });
});
