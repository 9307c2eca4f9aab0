/// <reference types="vite/client" />
import '../src/define.js';
import type { LivenessCompleteEvent } from '../src/events.js';
import { checkTransitions } from '../src/state.js';

// The dev server checks every change of state against the transition table and says so on the console; a build of
// the demo (and every published bundle) leaves the check and the table out.
if (import.meta.env.DEV) checkTransitions();

const challenge = document.querySelector('liveness-challenge')!;
const shape = document.querySelector<HTMLSelectElement>('#shape')!;
const lang = document.querySelector<HTMLSelectElement>('#lang')!;
const review = document.querySelector<HTMLInputElement>('#review')!;
const countdown = document.querySelector<HTMLInputElement>('#countdown')!;
const log = document.querySelector<HTMLOListElement>('#log')!;
const take = document.querySelector<HTMLElement>('#take')!;
let takeUrl: string | undefined;

interface DemoUpstream {
  upstream: 'mock' | 'tencent';
  endpoint?: string;
  description?: string;
}

/** Set by vite.config.ts: real Tencent Cloud handlers answer when the dev server has credentials. */
declare const __LIVENESS_DEMO_UPSTREAM__: DemoUpstream | undefined;

function endpointFor(choice: string): string {
  if (choice === 'tencent') return tencentEndpoint;
  if (choice === 'slow') return '/mock/code?shape=cos&delay=15000';
  return `/mock/code?shape=${encodeURIComponent(choice)}`;
}

let tencentEndpoint = '';

function showUpstream(config: DemoUpstream | undefined): void {
  if (config?.upstream !== 'tencent' || !config.endpoint) return;
  tencentEndpoint = config.endpoint;
  const option = new Option(`Tencent Cloud: ${config.description}`, 'tencent', true, true);
  const group = document.querySelector<HTMLOptGroupElement>('#tencent-options')!;
  group.append(option);
  group.hidden = false;
  document.querySelector('#upstream')!.textContent =
    `Signing endpoint: ${config.description}, through liveness-challenge/server.`;
  challenge.endpoint = tencentEndpoint;
}

function logEvent(event: Event): void {
  const item = document.createElement('li');
  const detail = { ...(event as CustomEvent).detail };
  if (detail.blob instanceof Blob) detail.blob = `Blob(${detail.blob.size} bytes)`;
  item.textContent = `${new Date().toLocaleTimeString()} ${event.type} ${JSON.stringify(detail)}`;
  log.prepend(item);
}

function showTake({ detail }: LivenessCompleteEvent): void {
  if (takeUrl) URL.revokeObjectURL(takeUrl);
  takeUrl = URL.createObjectURL(detail.blob);
  document.querySelector<HTMLVideoElement>('#take-video')!.src = takeUrl;
  const download = document.querySelector<HTMLAnchorElement>('#take-download')!;
  download.href = takeUrl;
  download.download = `liveness-${detail.code}.${detail.mimeType.startsWith('video/webm') ? 'webm' : 'mp4'}`;
  document.querySelector('#take-facts')!.textContent =
    `code ${detail.code} · ${detail.mimeType} · ${(detail.durationMs / 1000).toFixed(2)} s · ` +
    `${detail.width}×${detail.height} · ${(detail.size / 1024).toFixed(0)} KB` +
    (detail.needsTranscode ? ' · needs a server-side transcode' : '');
  take.hidden = false;
}

const verify = document.querySelector<HTMLInputElement>('#verify')!;
const outcome = document.querySelector<HTMLSelectElement>('#outcome')!;

/**
 * The whole loop: codes from liveness-challenge/server's code handler (which remembers them) and the take verified by
 * its liveness handler, against Tencent with credentials or the local fake upstream without.
 */
function useVerificationLoop(on: boolean): void {
  challenge.submitEndpoint = on ? '/api/loop/liveness' : '';
  challenge.endpoint = on ? '/api/loop/live-code' : endpointFor(shape.value);
  shape.disabled = on;
}

/** Tells the fake upstream how to answer the verification of the code on screen. */
async function chooseOutcome(code: string): Promise<void> {
  if (!verify.checked) return;
  await fetch('/mock/verification/outcomes', {
    method: 'POST',
    body: JSON.stringify({ outcomes: [outcome.value], code }),
  });
}

verify.addEventListener('change', () => useVerificationLoop(verify.checked));
challenge.addEventListener('liveness-start', (event) => void chooseOutcome(event.detail.code));

for (const type of [
  'liveness-code',
  'liveness-start',
  'liveness-complete',
  'liveness-submitted',
  'liveness-error',
] as const) {
  challenge.addEventListener(type, logEvent);
}
challenge.addEventListener('liveness-complete', showTake);

shape.addEventListener('change', () => {
  challenge.endpoint = endpointFor(shape.value);
});
lang.addEventListener('change', () => {
  challenge.lang = lang.value;
});
review.addEventListener('change', () => {
  challenge.review = review.checked;
});
countdown.addEventListener('change', () => {
  challenge.countdown = Number(countdown.value);
});
document.querySelector('#reset')!.addEventListener('click', () => challenge.reset());
showUpstream(typeof __LIVENESS_DEMO_UPSTREAM__ === 'undefined' ? undefined : __LIVENESS_DEMO_UPSTREAM__);
