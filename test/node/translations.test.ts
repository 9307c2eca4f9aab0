// Every upstream code the element claims to explain gets a sentence of its own in both languages: the fallback
// ("the service refused the request (<code>)") never counts as an explanation here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { LIVENESS_REFUSAL_STATUS } from '../../src/protocol/wire.js';
import { describeError, format, loadUpstreamMessages, stringsFor } from '../../src/strings/index.js';
import type { LivenessLanguage } from '../../src/strings/index.js';
import { FIXABLE_CODES } from '../../src/submit/answer.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => String(from + index));

/**
 * The codes the README promises to explain: Tencent's legacy face API codes and verification results, its Cloud API
 * lip-reading failures (Tencent's error code documentation, product 1007 and the legacy face API).
 */
const TENCENT_CODES = [
  ...['3', '4', '5', '6', '9', '10', '11', '12', '13', '14', '15', '16', '21', '23', '24', '107', '108', '213'],
  ...range(-4018, -4006),
  ...['-5001', '-5002', '-5005'],
  ...range(-5016, -5007),
  ...range(-5805, -5801),
  ...[
    'LipVoiceDetect',
    'LipVoiceLow',
    'LipVoiceRecognize',
    'LipFaceIncomplete',
    'LipMoveSmall',
    'LipVideoQuaility',
    'LipVideoInvalid',
    'LipSizeError',
  ].map((name) => `FailedOperation.${name}`),
];

/** The codes the server half answers with, from the README's table of handler errors. */
function readmeHandlerCodes(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('| situation | status | COS XML `Code` |')).split('\n\n')[0] ?? '';
  return table
    .split('\n')
    .slice(2)
    .flatMap((line) =>
      line
        .split('|')
        .slice(3, 5)
        .map((cell) => cell.trim().replace(/`/g, '')),
    );
}

const CLAIMED: Array<[string, string[]]> = [
  ['TENCENT codes the README names', TENCENT_CODES],
  ['codes the element offers a retake for', [...FIXABLE_CODES]],
  ["the verification server's refusal reasons", Object.keys(LIVENESS_REFUSAL_STATUS)],
  ["the signing handlers' own error codes (README table)", readmeHandlerCodes()],
];

const CJK = /[\u4e00-\u9fff]/;

describe('upstream codes have their own sentence in both languages', async () => {
  await loadUpstreamMessages();
  for (const [name, codes] of CLAIMED) {
    test(`${name} (${codes.length})`, () => {
      assert.ok(codes.length > 0);
      for (const language of ['en', 'zh-CN'] as LivenessLanguage[]) {
        const strings = stringsFor(language);
        for (const code of codes) {
          assert.ok(Object.hasOwn(strings.upstream, code), `${language} has no sentence for ${code}`);
          for (const reason of ['rejected', 'upstream'] as const) {
            const sentence = describeError(reason, code, strings);
            assert.notEqual(sentence, format(strings.upstreamFallback, { code }), `${language} ${code}: the fallback`);
          }
          const sentence = strings.upstream[code] ?? '';
          assert.equal(
            CJK.test(sentence),
            language === 'zh-CN',
            `${language} ${code} is not in ${language}: ${sentence}`,
          );
        }
      }
    });
  }

  test('the two languages explain the same codes', () => {
    assert.deepEqual(Object.keys(stringsFor('zh-CN').upstream).sort(), Object.keys(stringsFor('en').upstream).sort());
  });
});
