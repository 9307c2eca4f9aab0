// heardSpeech and summarize on their own: the judgement of a take's microphone readings, without a microphone.
// The browser half (the readings reaching the judgement at the element's `speech-level`) is test/capture/speech.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heardSpeech, rms, summarize, type LevelReading } from '../../src/capture/speech.js';

/** Four readings of 100 ms: a quiet gap, two tones, a quiet gap, as the fake microphones play them. */
const TONES: LevelReading[] = [
  { level: 0.002, ms: 100 },
  { level: 0.2, ms: 100 },
  { level: 0.1, ms: 100 },
  { level: 0.001, ms: 100 },
];

describe('heardSpeech', () => {
  test('hears readings voiced at the level for the minimum time', () => {
    assert.equal(
      heardSpeech(TONES, { level: 0.05, minVoicedMs: 150 }),
      true,
      'two 100 ms tones above 0.05 make more than 150 ms of speech',
    );
  });

  test('honours its level: the same readings are not speech at a level above both tones', () => {
    assert.equal(
      heardSpeech(TONES, { level: 0.3, minVoicedMs: 100 }),
      false,
      'nothing reads 0.3 or more, so nothing is voiced',
    );
  });

  test('honours its level: a level between the two tones counts only the louder one', () => {
    assert.equal(
      heardSpeech(TONES, { level: 0.15, minVoicedMs: 200 }),
      false,
      'only the 0.2 tone (100 ms) is at or above 0.15',
    );
  });

  test('a reading exactly at the level counts as voiced', () => {
    assert.equal(
      heardSpeech([{ level: 0.1, ms: 300 }], { level: 0.1, minVoicedMs: 300 }),
      true,
      'level 0.1 at threshold 0.1 is voiced',
    );
  });

  test('a reading just under the level does not count', () => {
    assert.equal(
      heardSpeech([{ level: 0.0999, ms: 300 }], { level: 0.1, minVoicedMs: 1 }),
      false,
      '0.0999 under 0.1 is silence',
    );
  });

  test('voiced time exactly at the minimum is enough', () => {
    assert.equal(heardSpeech(TONES, { level: 0.05, minVoicedMs: 200 }), true, '200 ms voiced meets a 200 ms minimum');
  });

  test('voiced time one millisecond short of the minimum is not enough', () => {
    assert.equal(heardSpeech(TONES, { level: 0.05, minVoicedMs: 201 }), false, '200 ms voiced misses a 201 ms minimum');
  });

  test('a take with no readings is not speech', () => {
    assert.equal(heardSpeech([], { level: 0.015, minVoicedMs: 300 }), false, 'no readings, no speech');
  });

  test('a minimum of 0 turns the check off, even for a take with no readings', () => {
    assert.equal(heardSpeech([], { level: 0.015, minVoicedMs: 0 }), true, 'min-speech-ms 0 passes every take');
  });
});

describe('summarize', () => {
  test('adds the milliseconds of the readings at or above the threshold', () => {
    assert.equal(summarize(TONES, 0.1).voicedMs, 200, 'the 0.2 and 0.1 readings, 100 ms each');
  });

  test('reports the loudest reading whatever the threshold', () => {
    assert.equal(summarize(TONES, 0.9).peak, 0.2, 'the peak is the 0.2 tone');
  });

  test('an empty take sums to nothing', () => {
    assert.deepEqual(summarize([], 0.015), { voicedMs: 0, peak: 0 }, 'no readings: 0 ms voiced, peak 0');
  });
});

describe('rms', () => {
  test('is the root mean square of the samples', () => {
    assert.equal(rms(new Float32Array([0.5, -0.5, 0.5, -0.5])), 0.5, 'a ±0.5 square wave has RMS 0.5');
  });

  test('is 0 for no samples rather than NaN', () => {
    assert.equal(rms(new Float32Array()), 0, 'an empty block reads 0');
  });
});
