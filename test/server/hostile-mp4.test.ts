// Issue 12, finding 1: a 2 KB MP4 took the whole server down, because mediabunny allocates or loops on the 32-bit
// counts of the sample tables. The crafted files are built here from a real take (mp4-boxes.ts); before the fix,
// checkTake on any of them crashed or froze this very process.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkTake } from '../../src/server/index.js';
import { unboundedCount } from '../../src/server/verify/mp4-guard.js';
import { inspectTake } from '../../src/server/verify/take-inspector.js';
import { LIVENESS_REFUSAL_STATUS } from '../../src/protocol/wire.js';
import { blobOf, makeTake } from './media.js';
import { craftedTakes, findBox } from './mp4-boxes.js';

const TAKE = await makeTake();
const FRAGMENTED = await makeTake({ fragmented: true });
const CRAFTED = craftedTakes(TAKE);

describe('the box guard bounds every sample-table count before mediabunny reads the file', () => {
  test('a real take, plain or fragmented as Chromium records it, passes untouched and is accepted', async () => {
    for (const take of [TAKE, FRAGMENTED]) {
      assert.equal(unboundedCount(take), undefined);
      const check = await checkTake(blobOf(take));
      assert.ok(check.ok, check.ok ? '' : check.message);
      assert.equal(check.durationSeconds, 3);
    }
  });

  for (const [box, file] of Object.entries(CRAFTED)) {
    test(`the crafted '${box}' file (${file.length} bytes) is refused as not-a-video, naming the box`, async () => {
      const check = await checkTake(blobOf(file, 'video/mp4'));
      assert.equal(check.ok ? 'accepted' : check.reason, 'not-a-video');
      assert.match(check.ok ? '' : check.message, new RegExp(`cannot be read safely: the '${box}' box`));
      assert.equal(LIVENESS_REFUSAL_STATUS['not-a-video'], 422);
    });
  }

  test('boxes that overflow their parent or nest without end are refused before any count is read', () => {
    const moov = findBox(TAKE, ['moov']);
    const overflowing = TAKE.slice();
    new DataView(overflowing.buffer).setUint32(moov.start, 0x7fffffff);
    assert.match(unboundedCount(overflowing) ?? '', /does not fit in its parent/);
    // 'moov' inside 'moov' a thousand times: 8 bytes each.
    const depth = 1000;
    const nested = new Uint8Array(16 + depth * 8);
    nested.set([0, 0, 0, 16, ...'ftypisom'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c)));
    const view = new DataView(nested.buffer);
    for (let level = 0; level < depth; level += 1) {
      view.setUint32(16 + level * 8, (depth - level) * 8);
      nested.set(
        [...'moov'].map((c) => c.charCodeAt(0)),
        16 + level * 8 + 4,
      );
    }
    assert.match(unboundedCount(nested) ?? '', /nested too deeply/);
  });
});

describe('the inspection worker: a reader bug costs one request, never the process', () => {
  // These go around the box guard on purpose, to prove the second line holds on its own. The crafted stz2 is left
  // out: its single huge allocation is a V8 fatal error, which ends the whole process even from a worker thread;
  // only the box guard stops it.
  test('a loop on an unbounded count (stsc) is cut at the deadline, and the next take is read', async () => {
    const cut = await inspectTake(CRAFTED.stsc.slice());
    assert.deepEqual(cut, { ok: false, failure: 'deadline' });
    const next = await inspectTake(TAKE.slice());
    assert.equal(next.ok && next.facts.kind, 'mp4');
  });

  test('a heap that grows without end (stts + ctts) ends the worker, and the next take is read', async () => {
    // Whichever comes first on this machine, the heap limit or the deadline.
    const ended = await inspectTake(CRAFTED.stts.slice());
    assert.equal(ended.ok, false);
    const next = await inspectTake(TAKE.slice());
    assert.equal(next.ok && next.facts.kind, 'mp4');
  });
});

/** Random damage to a real take: truncations, flipped bytes, and 32-bit fields set to hostile values. */
function mutation(take: Uint8Array) {
  const position = fc.integer({ min: 0, max: take.length - 1 });
  const hostile = fc.oneof(fc.constantFrom(0, 1, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff), fc.nat());
  return fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: position }),
    fc.record({
      kind: fc.constant('bytes' as const),
      edits: fc.array(fc.tuple(position, fc.nat(255)), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant('u32' as const),
      edits: fc.array(fc.tuple(position, hostile), { minLength: 1, maxLength: 3 }),
    }),
  );
}

type Mutation =
  fc.Arbitrary<ReturnType<typeof mutation> extends fc.Arbitrary<infer T> ? T : never> extends fc.Arbitrary<infer T>
    ? T
    : never;

function apply(take: Uint8Array, change: Mutation): Uint8Array<ArrayBuffer> {
  if (change.kind === 'truncate') return take.slice(0, change.at);
  const mutated = take.slice();
  const view = new DataView(mutated.buffer);
  for (const [at, value] of change.edits) {
    if (change.kind === 'bytes') mutated[at] = value;
    else if (at + 4 <= mutated.length) view.setUint32(at, value >>> 0);
  }
  return mutated;
}

describe('fuzz: 4,000 random mutations and truncations of a real take', () => {
  test('every one gets an answer (accepted or a known refusal), none hangs or crashes, memory stays bounded', async (t) => {
    const outcomes = new Map<string, number>();
    const known = new Set(Object.keys(LIVENESS_REFUSAL_STATUS));
    let peakRss = 0;
    for (const [name, take] of [
      ['plain', TAKE],
      ['fragmented', FRAGMENTED],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(mutation(take), async (change) => {
          const check = await checkTake(blobOf(apply(take, change)));
          const outcome = check.ok ? 'accepted' : check.reason;
          assert.ok(check.ok || known.has(check.reason), outcome);
          const key = check.ok
            ? outcome
            : /in time|memory allowed/.test(check.message)
              ? `${outcome} (worker: ${check.message})`
              : outcome;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
        }),
        { numRuns: 2000, seed: name === 'plain' ? 12 : 1212 },
      );
    }
    t.diagnostic(
      `outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
    );
    assert.equal(
      [...outcomes.values()].reduce((a, b) => a + b, 0),
      4000,
    );
    assert.ok(peakRss < 512 * 2 ** 20, `peak RSS ${peakRss}`);
  });
});
