import type { FinishedVideo } from './finished-video.js';
import { isMp4, type RecordingPlan } from './plan.js';
import type { RecordedFile } from './recording.js';

// The mediabunny-based modules are separate lazy chunks: a browser downloads only the one its route needs,
// and a page that never records downloads none.
const loadMp4Finisher = () => import('./mediabunny/finish.js');
const loadWebmFinisher = () => import('./mediabunny/finish-webm.js');
const loadWebCodecsRecorder = () => import('./mediabunny/webcodecs-recording.js');

/** Starts downloading what this plan will need, so finishing a take never waits for the network. */
export function preloadFor(plan: RecordingPlan): void {
  const loads =
    plan.kind === 'webcodecs'
      ? [loadWebCodecsRecorder(), loadMp4Finisher()]
      : [isMp4(plan.mimeType) ? loadMp4Finisher() : loadWebmFinisher()];
  for (const load of loads) load.catch(() => {});
}

export async function finishVideo({ blob, video }: RecordedFile, plan: RecordingPlan): Promise<FinishedVideo> {
  if (video) return video;
  if (plan.kind === 'webcodecs') return (await loadMp4Finisher()).finishMp4(blob, false);
  if (isMp4(plan.mimeType)) return (await loadMp4Finisher()).finishMp4(blob, true);
  return (await loadWebmFinisher()).finishWebm(blob);
}

export async function loadWebCodecsRecording() {
  return (await loadWebCodecsRecorder()).startWebCodecsRecording;
}
