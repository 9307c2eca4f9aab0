// One state of the element per page load, for scripts/screenshots.mjs: ?state=<variant>&lang=<zh-CN|en>. The states
// with a preview get the browser's (fake) camera, so the stage shows what a person would see.
import { CAMERA_CONSTRAINTS } from '../../src/capture/camera.js';
import type { LivenessLanguage } from '../../src/strings/index.js';
import { everyState, renderState, variantName } from '../../test/helpers/views.js';

declare global {
  interface Window {
    screenshotReady?: boolean | string;
  }
}

async function show(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const view = everyState.find((each) => variantName(each) === query.get('state'));
  if (!view) throw new Error(`No state ${query.get('state')}: ${everyState.map(variantName).join(', ')}`);
  const lang = (query.get('lang') ?? 'en') as LivenessLanguage;
  document.documentElement.lang = lang;
  const live = view.state === 'preview' || view.state === 'countdown' || view.state === 'recording';
  const stream = live ? await navigator.mediaDevices.getUserMedia({ video: CAMERA_CONSTRAINTS.video ?? true }) : undefined;
  const host = await renderState(view, { lang, stream });
  const video = host.shadowRoot!.querySelector('video');
  if (live && video) {
    await new Promise((resolve) => video.addEventListener('playing', resolve, { once: true }));
    // One frame more, so the stage has taken the video's shape.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }
  // The countdown pulses forever: caught at the end of a beat, at its resting size.
  for (const animation of host.shadowRoot!.getAnimations()) {
    animation.pause();
    animation.currentTime = 999;
  }
}

show().then(
  () => (window.screenshotReady = true),
  (error: unknown) => (window.screenshotReady = String(error)),
);
