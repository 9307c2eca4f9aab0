// untilAborted and sleep on their own (src/abort.ts): the take, the upload and the code request all wait through
// them, so an abort must end the wait at once, with the signal's reason, and leave no listener behind.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sleep, untilAborted } from '../../src/abort.js';

/** A signal that counts the abort listeners it holds, to show that none is left behind. */
function countingSignal(controller = new AbortController()): {
  signal: AbortSignal;
  listeners: () => number;
  controller: AbortController;
} {
  const { signal } = controller;
  const held = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: AddEventListenerOptions | boolean,
  ) => {
    if (type === 'abort') held.add(listener);
    add(type, listener, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: EventListenerOptions | boolean,
  ) => {
    if (type === 'abort') held.delete(listener);
    remove(type, listener, options);
  }) as typeof signal.removeEventListener;
  return { signal, listeners: () => held.size, controller };
}

/** A promise that never settles: what a recorder or transport that ignores the signal looks like. */
const never = new Promise<never>(() => {});

describe('untilAborted', () => {
  test('resolves with the promise when the signal stays quiet', async () => {
    assert.equal(
      await untilAborted(Promise.resolve('file'), new AbortController().signal),
      'file',
      'the promise value',
    );
  });

  test("rejects with the promise's own error when it fails first", async () => {
    const failure = new Error('recorder failed');
    await assert.rejects(
      untilAborted(Promise.reject(failure), new AbortController().signal),
      (error) => error === failure,
      'the same error',
    );
  });

  test("rejects with the signal's reason when it aborts first, though the promise never settles", async () => {
    const controller = new AbortController();
    const reason = new Error('take abandoned');
    const waiting = untilAborted(never, controller.signal);
    controller.abort(reason);
    await assert.rejects(waiting, (error) => error === reason, "the signal's reason");
  });

  test('rejects with an AbortError when the signal aborts without a reason', async () => {
    const controller = new AbortController();
    const waiting = untilAborted(never, controller.signal);
    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' }, 'the default AbortError reason');
  });

  test('an already-aborted signal rejects at once with its reason, though the promise would resolve', async () => {
    const reason = new Error('gone before we began');
    await assert.rejects(
      untilAborted(Promise.resolve('file'), AbortSignal.abort(reason)),
      (error) => error === reason,
      "the signal's reason",
    );
  });

  test('an already-aborted signal adds no listener', async () => {
    const controller = new AbortController();
    controller.abort();
    const { signal, listeners } = countingSignal(controller);
    // A promise that never settles: a listener added now would never be taken off.
    untilAborted(never, signal).catch(() => {});
    assert.equal(listeners(), 0, 'no abort listener on the signal');
  });

  test('a resolved wait leaves no listener on the signal', async () => {
    const { signal, listeners } = countingSignal();
    await untilAborted(Promise.resolve(1), signal);
    assert.equal(listeners(), 0, 'no abort listener left');
  });

  test('a failed wait leaves no listener on the signal', async () => {
    const { signal, listeners } = countingSignal();
    await untilAborted(Promise.reject(new Error('failed')), signal).catch(() => {});
    assert.equal(listeners(), 0, 'no abort listener left');
  });

  test('many waits on one long-lived signal leave no listener behind', async () => {
    const { signal, listeners } = countingSignal();
    for (let wait = 0; wait < 50; wait += 1) await untilAborted(Promise.resolve(wait), signal);
    assert.equal(listeners(), 0, 'no abort listener left after 50 waits');
  });

  test('a late abort after the promise resolved changes nothing', async () => {
    const controller = new AbortController();
    const value = await untilAborted(Promise.resolve('file'), controller.signal);
    controller.abort(new Error('late'));
    assert.equal(value, 'file', 'the resolved value stands');
  });
});

describe('sleep', () => {
  test('resolves after the time when the signal stays quiet', async () => {
    assert.equal(await sleep(5, new AbortController().signal), undefined, 'resolves with nothing');
  });

  test("rejects with the signal's reason when aborted mid-sleep", async () => {
    const controller = new AbortController();
    const reason = new Error('stopped');
    const sleeping = sleep(60_000, controller.signal);
    controller.abort(reason);
    await assert.rejects(sleeping, (error) => error === reason, "the signal's reason, long before the minute is up");
  });

  test('an aborted sleep leaves no timer running', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const controller = new AbortController();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort();
    await sleeping.catch(() => {});
    assert.equal(timers(), before, 'as many timers as before the sleep');
  });

  test('an already-aborted signal rejects at once with its reason', async () => {
    const reason = new Error('gone');
    await assert.rejects(sleep(60_000, AbortSignal.abort(reason)), (error) => error === reason, "the signal's reason");
  });

  test('a finished sleep leaves no listener on the signal', async () => {
    const { signal, listeners } = countingSignal();
    await sleep(1, signal);
    assert.equal(listeners(), 0, 'no abort listener left');
  });
});
