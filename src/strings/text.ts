import type { LivenessErrorReason } from '../errors.js';
import type { LivenessLanguage, LivenessStrings, LivenessStringsOverride } from './types.js';
import type { UpstreamMessages } from './upstream.js';

export { codeScreenStrings } from './code-screen.js';

/** Chinese in any form gets zh-CN; everything else English, the lingua franca of the fallback. */
export function resolveLanguage(tag: string | null | undefined): LivenessLanguage {
  return /^zh\b/i.test(tag ?? '') ? 'zh-CN' : 'en';
}

const languageLoaders: Record<LivenessLanguage, () => Promise<LivenessStrings>> = {
  en: () => import('./en.js').then((module) => module.en),
  'zh-CN': () => import('./zh-cn.js').then((module) => module.zhCN),
};
const languages: Partial<Record<LivenessLanguage, LivenessStrings>> = {};
const languageLoads: Partial<Record<LivenessLanguage, Promise<LivenessStrings>>> = {};

/** Loads a language's full texts once (a failed load is tried again on the next call). */
export function loadLanguage(language: LivenessLanguage): Promise<LivenessStrings> {
  const load = (languageLoads[language] ??= languageLoaders[language]().then(
    (strings) => (languages[language] = strings),
    (error: unknown) => {
      delete languageLoads[language];
      throw error;
    },
  ));
  return load;
}

let upstreamTables: Record<LivenessLanguage, UpstreamMessages> | undefined;

/** Loads the built-in upstream sentences once; `loadedStrings` includes them from then on. */
export async function loadUpstreamMessages(): Promise<void> {
  if (upstreamTables) return;
  const tables = await import('./upstream.js');
  upstreamTables = { en: tables.upstreamEn, 'zh-CN': tables.upstreamZhCN };
}

export function upstreamMessagesLoaded(): boolean {
  return upstreamTables !== undefined;
}

/** A language's upstream sentences, once `loadUpstreamMessages` has brought them. */
export function loadedUpstreamMessages(language: LivenessLanguage): UpstreamMessages | undefined {
  return upstreamTables?.[language];
}

/** A language's full texts if `loadLanguage` has brought them, with the upstream sentences once those are loaded. */
export function loadedStrings(language: LivenessLanguage): LivenessStrings | undefined {
  const strings = languages[language];
  const upstream = loadedUpstreamMessages(language);
  return strings && upstream ? { ...strings, upstream } : strings;
}

/**
 * The keys of an override table that hold a value: a page's `{ start: config.startLabel }` with no label in its
 * config keeps the built-in text instead of blanking it. Every key of an override is optional, so dropping some keeps
 * its type.
 */
function given<T extends object>(table: T | undefined): T {
  return Object.fromEntries(Object.entries(table ?? {}).filter(([, value]) => value !== undefined)) as T;
}

/** The built-in texts with a page's overrides laid over them, one level deep for the two tables. */
export function mergeStrings(base: LivenessStrings, override: LivenessStringsOverride | undefined): LivenessStrings {
  if (!override) return base;
  return {
    ...base,
    ...given(override),
    errors: { ...base.errors, ...given(override.errors) },
    upstream: { ...base.upstream, ...given(override.upstream) },
  };
}

export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/** The sentence a person reads for a failure: the upstream code's own sentence when there is one. */
export function describeError(
  reason: LivenessErrorReason,
  upstreamCode: string | undefined,
  strings: LivenessStrings,
): string {
  if ((reason !== 'upstream' && reason !== 'rejected') || upstreamCode === undefined) return strings.errors[reason];
  // Own keys only: an upstream code such as `constructor` or `__proto__` must not find Object.prototype's members.
  const sentence = Object.hasOwn(strings.upstream, upstreamCode) ? strings.upstream[upstreamCode] : undefined;
  return sentence ?? format(strings.upstreamFallback, { code: upstreamCode });
}
