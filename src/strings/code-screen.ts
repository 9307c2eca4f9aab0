// The code screen's texts sit in a module of their own so that the full tables (en.ts, zh-cn.ts) build on them
// without importing text.ts, which loads those tables: imports then run one way only.
import type { CodeScreenStrings, LivenessLanguage } from './types.js';

/**
 * The few texts of the code screen, in every language: a page that only shows a code needs nothing else, so the
 * full tables (`en.ts`, `zh-cn.ts`) are lazy chunks, one per language, loaded by `loadLanguage`.
 */
export const codeScreenStrings: Record<LivenessLanguage, CodeScreenStrings> = {
  en: {
    codeLabel: 'Your code',
    loading: 'Getting your code…',
    codeAnnouncement: 'Your code is {digits}.',
    readAloud: 'Read the digits aloud, slowly and clearly.',
    start: 'Start recording',
  },
  'zh-CN': {
    codeLabel: '您的验证码',
    loading: '正在获取验证码…',
    codeAnnouncement: '您的验证码是 {digits}。',
    readAloud: '请大声、缓慢、清晰地读出这些数字。',
    start: '开始录制',
  },
};
