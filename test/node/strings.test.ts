// mergeStrings and the language choice on their own: how a page's `strings` override lies over the built-in texts,
// and which built-in language a `lang` gets. Every upstream code's sentence is test/node/translations.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { en, mergeStrings, resolveLanguage, zhCN } from '../../src/strings/index.js';
import type { LivenessStrings, LivenessStringsOverride } from '../../src/strings/index.js';

/** A built-in table with two upstream sentences, as `loadUpstreamMessages()` would add them. */
const BASE: LivenessStrings = {
  ...en,
  upstream: { '-5007': 'Read the digits again.', 'FailedOperation.LipVoiceLow': 'Speak louder.' },
};

describe('mergeStrings', () => {
  test('no override returns the built-in texts unchanged', () => {
    assert.equal(mergeStrings(BASE, undefined), BASE, 'the same table');
  });

  test('an overridden text replaces the built-in one', () => {
    assert.equal(mergeStrings(BASE, { start: 'Go' }).start, 'Go', 'start is the override');
  });

  test('texts the override leaves out keep their built-in value', () => {
    assert.equal(mergeStrings(BASE, { start: 'Go' }).stop, en.stop, 'stop is built in');
  });

  test("one reason's message is overridden without losing the others", () => {
    const merged = mergeStrings(BASE, { errors: { 'no-speech': 'Louder, please.' } });
    assert.deepEqual(
      merged.errors,
      { ...en.errors, 'no-speech': 'Louder, please.' },
      'every built-in reason, no-speech overridden',
    );
  });

  test("one upstream code's sentence is overridden without losing the others", () => {
    const merged = mergeStrings(BASE, { upstream: { '-5007': 'Again, slowly.' } });
    assert.deepEqual(
      merged.upstream,
      { '-5007': 'Again, slowly.', 'FailedOperation.LipVoiceLow': 'Speak louder.' },
      'both codes, -5007 overridden',
    );
  });

  test('an override can explain an upstream code the built-in tables do not know', () => {
    assert.equal(
      mergeStrings(BASE, { upstream: { 'Custom.Code': 'Ask the desk.' } }).upstream['Custom.Code'],
      'Ask the desk.',
      'the new code',
    );
  });

  test('an override with no errors keeps every built-in reason message', () => {
    assert.deepEqual(mergeStrings(BASE, { start: 'Go' }).errors, en.errors, 'the built-in errors');
  });

  test('a text given as undefined (from a page without types) keeps the built-in text', () => {
    // `{ start: undefined }` comes from `{ start: config.startLabel }` when the page's config has no label.
    const override = { start: undefined } as unknown as LivenessStringsOverride;
    assert.equal(mergeStrings(BASE, override).start, en.start, 'start is built in, not undefined');
  });

  test('a reason message given as undefined keeps the built-in message', () => {
    const override = { errors: { 'no-speech': undefined } } as unknown as LivenessStringsOverride;
    assert.equal(mergeStrings(BASE, override).errors['no-speech'], en.errors['no-speech'], 'no-speech is built in');
  });

  test('an unknown key in the override changes no known text', () => {
    const override = { startButton: 'Go' } as unknown as LivenessStringsOverride;
    const merged = mergeStrings(BASE, override);
    assert.deepEqual(
      { ...merged, startButton: undefined },
      { ...BASE, startButton: undefined },
      'every known text as built in',
    );
  });

  test('the built-in table is not modified by a merge', () => {
    const before = JSON.stringify(BASE);
    mergeStrings(BASE, { start: 'Go', errors: { network: 'Offline.' }, upstream: { '-5007': 'Again.' } });
    assert.equal(JSON.stringify(BASE), before, 'BASE unchanged');
  });

  test('an override lies over zh-CN as over en', () => {
    const merged = mergeStrings(zhCN, { start: '开始' });
    assert.deepEqual([merged.start, merged.stop], ['开始', zhCN.stop], 'start overridden, stop the built-in zh-CN');
  });
});

describe('resolveLanguage', () => {
  test('zh-CN gets zh-CN', () => {
    assert.equal(resolveLanguage('zh-CN'), 'zh-CN', 'zh-CN');
  });

  test('Chinese in any other form gets zh-CN', () => {
    assert.deepEqual(
      ['zh', 'zh-TW', 'zh-Hant-HK', 'ZH-cn'].map(resolveLanguage),
      ['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN'],
      'every zh tag',
    );
  });

  test('English gets en', () => {
    assert.equal(resolveLanguage('en-GB'), 'en', 'en');
  });

  test('a language without built-in texts falls back to en', () => {
    assert.deepEqual(['fr', 'ja-JP', 'de'].map(resolveLanguage), ['en', 'en', 'en'], 'en for each');
  });

  test('no language (no lang attribute anywhere) falls back to en', () => {
    assert.deepEqual([null, undefined, ''].map(resolveLanguage), ['en', 'en', 'en'], 'en for each');
  });

  test('a tag that only starts with the letters zh is not Chinese', () => {
    assert.equal(resolveLanguage('zha'), 'en', 'zha (Zhuang) is not zh');
  });
});
