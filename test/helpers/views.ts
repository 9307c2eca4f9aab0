import { render } from 'lit';
import type { LivenessCompleteDetail } from '../../src/events.js';
import { loadUpstreamMessages, stringsFor, type LivenessLanguage } from '../../src/strings/index.js';
import { styles } from '../../src/styles.js';
import { takeStyles } from '../../src/view-styles.js';
import { renderView, type View } from '../../src/view.js';

const video: LivenessCompleteDetail = {
  code: '0521',
  blob: new Blob(),
  mimeType: 'video/mp4',
  durationMs: 5000,
  width: 1280,
  height: 720,
  size: 1,
  needsTranscode: false,
};

/** Every state the view can show, each variant with its own text or buttons once. */
export const everyState: View[] = [
  { state: 'idle' },
  { state: 'loading' },
  { state: 'ready', code: '0521' },
  {
    state: 'error',
    error: { reason: 'upstream', message: 'x', upstreamCode: 'SignatureDoesNotMatch' },
    fixableByRetake: false,
  },
  { state: 'error', error: { reason: 'rejected', message: 'x', upstreamCode: '-5007' }, fixableByRetake: true },
  { state: 'preview', code: '0521' },
  { state: 'countdown', code: '0521', secondsLeft: 2 },
  { state: 'recording', code: '0521', elapsedMs: 1200, tooShort: true },
  { state: 'processing', code: '0521' },
  { state: 'review', code: '0521', video, url: '' },
  { state: 'done', code: '0521', video },
  { state: 'done', code: '0521', video, uploadCancelled: true },
  { state: 'uploading', code: '0521', video, progress: 0.4 },
  { state: 'verified', code: '0521', video, result: { passed: true, sim: 90 } },
  { state: 'verified', code: '0521', video, result: { passed: false, sim: 40 } },
];

/** A name for a state variant, for test titles and screenshot files: `error-fixable`, `verified-failed`… */
export function variantName(view: View): string {
  if (view.state === 'error') return view.fixableByRetake ? 'error-fixable' : 'error';
  if (view.state === 'done' && view.uploadCancelled) return 'done-upload-cancelled';
  if (view.state === 'verified') return view.result.passed ? 'verified' : 'verified-failed';
  return view.state;
}

export interface RenderOptions {
  lang?: LivenessLanguage;
  stream?: MediaStream | undefined;
  /** Where the harness goes (a sized container, a phone frame's body). */
  parent?: HTMLElement;
}

/**
 * The pure view, rendered into a real shadow root with the element's styles (the code screen's and the lazy view's) and its `state` attribute: every state,
 * on demand, in either language (upstream sentences loaded, as the element loads them before it shows one).
 */
export async function renderState(
  view: View,
  { lang = 'en', stream, parent = document.body }: RenderOptions = {},
): Promise<HTMLElement> {
  await loadUpstreamMessages();
  const host = parent.ownerDocument.createElement('div');
  host.className = 'view-harness';
  host.setAttribute('lang', lang);
  host.setAttribute('state', view.state);
  const root = host.attachShadow({ mode: 'open' });
  // A constructed sheet belongs to one document: a phone frame gets its own copy.
  const frameWindow = parent.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  if (parent.ownerDocument === document || !frameWindow)
    root.adoptedStyleSheets = [styles.styleSheet!, takeStyles.styleSheet!];
  else {
    const sheet = new frameWindow.CSSStyleSheet();
    sheet.replaceSync(styles.cssText + takeStyles.cssText);
    root.adoptedStyleSheets = [sheet];
  }
  parent.append(host);
  const noop = () => {};
  render(
    renderView({
      view,
      text: stringsFor(lang),
      codeLength: 4,
      countdown: 3,
      minDuration: 3,
      maxDuration: 8,
      stream,
      level: 0.05,
      actions: {
        start: noop,
        stop: noop,
        retake: noop,
        confirm: noop,
        retry: noop,
        cancelUpload: noop,
        sendAgain: noop,
      },
    }),
    root,
  );
  return host;
}
