// The state machine on its own (src/state.ts): the table covers every state, `canTransition` and `checkTransition`
// refuse what README.md's state machine does not draw, the development check reports an illegal move, and the
// README lists exactly the states the module has. The element's use of it is checked by the browser sequences
// (test/fuzz/sequences.test.ts), which watch every transition through `onTransition`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  canTransition,
  checkTransition,
  checkTransitions,
  LIVENESS_STATES,
  reportTransition,
  TRANSITIONS,
  type Transition,
} from '../../src/state.js';

const ENDPOINT = '/api/live-code';

describe('the transition table', () => {
  it('has a row for every state and no other', () => {
    assert.deepEqual(Object.keys(TRANSITIONS).sort(), [...LIVENESS_STATES].sort());
  });

  it('leads only to known states', () => {
    const unknown = Object.values(TRANSITIONS)
      .flat()
      .filter((to) => !LIVENESS_STATES.includes(to));
    assert.deepEqual(unknown, []);
  });

  it('reaches every state but idle from some other state (idle is reached by clearing the endpoint)', () => {
    const reached = new Set(Object.values(TRANSITIONS).flat());
    assert.deepEqual(
      LIVENESS_STATES.filter((state) => !reached.has(state)),
      ['idle'],
    );
  });
});

describe('canTransition', () => {
  it('refuses idle → recording', () => {
    assert.equal(canTransition('idle', 'recording', ENDPOINT), false);
  });

  it('allows ready → preview', () => {
    assert.equal(canTransition('ready', 'preview', ENDPOINT), true);
  });

  it('allows → idle from a take once the endpoint is cleared', () => {
    assert.equal(canTransition('recording', 'idle', ''), true);
  });

  it('refuses → idle while the endpoint is still set', () => {
    assert.equal(canTransition('ready', 'idle', ENDPOINT), false);
  });
});

describe('checkTransition', () => {
  it('says nothing about a move the table allows', () => {
    assert.equal(checkTransition({ from: 'recording', to: 'processing', endpoint: ENDPOINT }), undefined);
  });

  it('names both states of an illegal move', () => {
    const problem = checkTransition({ from: 'verified', to: 'recording', endpoint: ENDPOINT });
    assert.match(problem ?? '', /verified → recording/);
  });
});

describe('checkTransitions (the development check)', () => {
  const host = {};
  const illegal: Transition = { from: 'idle', to: 'uploading', endpoint: ENDPOINT };

  it('reports an illegal move reported by an element', () => {
    const problems: string[] = [];
    const stop = checkTransitions((problem) => problems.push(problem));
    reportTransition(host, illegal);
    stop();
    assert.equal(problems.length, 1);
  });

  it('stays quiet about legal moves', () => {
    const problems: string[] = [];
    const stop = checkTransitions((problem) => problems.push(problem));
    reportTransition(host, { from: 'idle', to: 'loading', endpoint: ENDPOINT });
    stop();
    assert.deepEqual(problems, []);
  });

  it('reports nothing once turned off', () => {
    const problems: string[] = [];
    checkTransitions((problem) => problems.push(problem))();
    reportTransition(host, illegal);
    assert.deepEqual(problems, []);
  });
});

describe('README.md', () => {
  it('lists exactly the states of the module, in order', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const sentence = /^`state` is one of ([\s\S]*?)\.\n\n/m.exec(readme)?.[1];
    assert.ok(sentence, 'README has no "`state` is one of …" sentence');
    const listed = [...sentence.matchAll(/`([a-z-]+)`/g)]
      .map((match) => match[1])
      .filter((word) => word !== 'submit-endpoint');
    assert.deepEqual(listed, [...LIVENESS_STATES]);
  });
});
