// Issue 12, finding 1, from the outside: a liveness server in a child process receives the three crafted MP4s and
// random damage to a real take over HTTP, and must answer a health check during and after each, never exit, and
// stay under 256 MB of RSS. Before the fix the first crafted file ended the process (stz2: V8 "Fatal invalid size
// error"), and the stsc one kept it from answering anything for minutes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { makeTake } from './media.js';
import { craftedTakes } from './mp4-boxes.js';

const RSS_LIMIT_BYTES = 256 * 2 ** 20;
/** Not a speed budget: only how long a hung server is waited for before the test says so. */
const HANG_MS = 20_000;

let child: ChildProcess;
let base: string;

before(async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./child/liveness-server.ts', import.meta.url).pathname],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  base = `http://127.0.0.1:${/listening (\d+)/.exec(String(line))![1]}`;
});

after(() => {
  child.kill();
});

interface Health {
  ok: boolean;
  rssBytes: number;
  maxRssBytes: number;
}

async function health(): Promise<Health> {
  const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(HANG_MS) });
  return (await response.json()) as Health;
}

async function upload(
  video: Uint8Array<ArrayBuffer>,
): Promise<{ status: number; reason?: string | undefined; ms: number }> {
  const form = new FormData();
  form.set('video', new Blob([video], { type: 'video/mp4' }), 'take.mp4');
  form.set('code', '1234');
  const started = performance.now();
  const response = await fetch(`${base}/liveness`, {
    method: 'POST',
    body: form,
    signal: AbortSignal.timeout(HANG_MS),
  });
  const answer = (await response.json()) as { reason?: string };
  return { status: response.status, reason: answer.reason, ms: Math.round(performance.now() - started) };
}

const TAKE = await makeTake();

describe('a liveness server in a child process survives hostile MP4s', () => {
  test('a real take is accepted (the server works at all)', async () => {
    assert.equal((await upload(TAKE)).status, 200);
  });

  for (const [box, file] of Object.entries(craftedTakes(TAKE))) {
    test(`the crafted '${box}' file gets 422 not-a-video; health answers during and after; the process lives`, async (t) => {
      const [answer, during] = await Promise.all([upload(file), health()]);
      t.diagnostic(`rejected in ${answer.ms} ms`);
      assert.deepEqual([answer.status, answer.reason], [422, 'not-a-video']);
      assert.equal(during.ok, true);
      const afterwards = await health();
      assert.equal(afterwards.ok, true);
      assert.equal(child.exitCode, null);
      assert.ok(afterwards.maxRssBytes < RSS_LIMIT_BYTES, `max RSS ${afterwards.maxRssBytes}`);
    });
  }

  test('300 random mutations and truncations over HTTP: every one answered, the process lives, RSS stays under 256 MB', async (t) => {
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: TAKE.length - 1 }),
        fc.nat(0xffffffff),
        fc.boolean(),
        async (at, value, truncate) => {
          const mutated = truncate ? TAKE.slice(0, at) : TAKE.slice();
          if (!truncate && at + 4 <= mutated.length) new DataView(mutated.buffer).setUint32(at, value);
          const { status, reason } = await upload(mutated);
          const key = `${status} ${reason ?? 'verified'}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          assert.ok([200, 400, 422].includes(status), key);
        },
      ),
      { numRuns: 300, seed: 4242 },
    );
    const afterwards = await health();
    t.diagnostic(
      `statuses: ${JSON.stringify(Object.fromEntries(statuses))}; child max RSS ${Math.round(afterwards.maxRssBytes / 2 ** 20)} MiB`,
    );
    assert.equal(child.exitCode, null);
    assert.ok(afterwards.maxRssBytes < RSS_LIMIT_BYTES, `max RSS ${afterwards.maxRssBytes}`);
  });
});
