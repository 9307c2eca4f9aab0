// Every text of the element in one import, for pages and tests. The element itself imports the parts it needs
// (`text.ts`, and each language as a lazy chunk) so that a page showing a code downloads only that.
export type { CodeScreenStrings, LivenessLanguage, LivenessStrings, LivenessStringsOverride } from './types.js';
import { en } from './en.js';
import { loadedUpstreamMessages } from './text.js';
import type { LivenessLanguage, LivenessStrings } from './types.js';
import { zhCN } from './zh-cn.js';

export {
  codeScreenStrings,
  describeError,
  format,
  loadedStrings,
  loadedUpstreamMessages,
  loadLanguage,
  loadUpstreamMessages,
  mergeStrings,
  resolveLanguage,
  upstreamMessagesLoaded,
} from './text.js';
export { en, zhCN };

const builtIn: Record<LivenessLanguage, LivenessStrings> = { en, 'zh-CN': zhCN };

/** A language's built-in texts, with the upstream sentences once `loadUpstreamMessages()` has brought them. */
export function stringsFor(language: LivenessLanguage): LivenessStrings {
  const upstream = loadedUpstreamMessages(language);
  return upstream ? { ...builtIn[language], upstream } : builtIn[language];
}
