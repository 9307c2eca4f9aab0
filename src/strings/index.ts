// Every text of the element in one import, for pages and tests. The element itself imports the parts it needs
// (`text.ts`, and each language as a lazy chunk) so that a page showing a code downloads only that.
export type { CodeScreenStrings, LivenessLanguage, LivenessStrings, LivenessStringsOverride } from './types.js';
export {
  codeScreenStrings,
  describeError,
  format,
  loadedStrings,
  loadLanguage,
  loadUpstreamMessages,
  mergeStrings,
  resolveLanguage,
  upstreamMessagesLoaded,
} from './text.js';
export { en } from './en.js';
export { zhCN } from './zh-cn.js';
