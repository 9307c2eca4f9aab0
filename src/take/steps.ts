// The steps of a take beyond the code screen: camera, level meter, countdown, recorder, checks, review and upload. A
// lazy chunk, loaded by the TakeController (take/take-controller.ts) when a take starts, or in idle time once a code
// is shown, so a page that only shows a code never downloads it and `start()` rarely waits for it.
import { sleep, untilAborted } from '../abort.js';
import { CaptureController } from '../capture/capture-controller.js';
import { finishVideo, loadWebCodecsRecording, preloadFor } from '../capture/finish-video.js';
import { chooseBitrates, type RecordingPlan } from '../capture/plan.js';
import { startMediaRecorder } from '../capture/media-recorder.js';
import { detectRecordingPlan } from '../capture/detect-plan.js';
import type { Recording, RecordingOptions } from '../capture/recording.js';
import { heardSpeech, summarize } from '../capture/speech.js';
import { LivenessError, toLivenessError } from '../errors.js';
import {
  LivenessCompleteEvent,
  LivenessStartEvent,
  LivenessSubmittedEvent,
  type LivenessCompleteDetail,
} from '../events.js';
import { SubmitController } from '../submit/submit-controller.js';
import type { Take, TakeCallbacks, TakeOwner, TakeSettings } from './types.js';

export { renderView } from '../view.js';

const TIMER_INTERVAL_MS = 250;

/**
 * User Timing marks of the finishing steps (`liveness-challenge:stop`, `:releasing`, `:released`, `:recorder-stopped`,
 * `:finished`): the bench reads them to say where the time between `stop()` and `liveness-complete` goes. Cheap,
 * visible in a profile, and only the last take's are kept.
 */
const FINISH_STEPS = ['stop', 'releasing', 'released', 'recorder-stopped', 'finished'] as const;
function mark(step: (typeof FINISH_STEPS)[number]): void {
  if (step === 'stop') for (const name of FINISH_STEPS) performance.clearMarks(`liveness-challenge:${name}`);
  performance.mark(`liveness-challenge:${step}`);
}

/** The steps of every take of one host, with the camera and upload controllers they share. */
export class TakeSteps {
  readonly capture: CaptureController;
  readonly submission: SubmitController;
  private readonly report: TakeCallbacks;
  private warnedUnmeasured = false;

  constructor(
    private readonly host: TakeSettings,
    private readonly owner: TakeOwner,
  ) {
    const report = (this.report = owner.callbacks);
    this.capture = new CaptureController(host, {
      onInterrupted: () =>
        owner.fail(new LivenessError('interrupted', 'The camera, the microphone or the page went away mid-take.')),
      onPageHide: () => owner.abandon(),
      onLevel: (level) => report.onLevel(level),
    });
    this.submission = new SubmitController(host, {
      upload: (request) => host.upload(request),
      onProgress: (progress) => {
        const view = report.view();
        if (view.state === 'uploading') report.onView({ ...view, progress });
      },
      onVerified: (video, result) => {
        report.onView({ state: 'verified', code: video.code, video, result });
        host.dispatchEvent(new LivenessSubmittedEvent({ code: video.code, result }));
      },
      onCancelled: (video) => report.onView({ state: 'done', code: video.code, video, uploadCancelled: true }),
      onFailed: (video, error) => report.onError(error, video),
    });
  }

  /** Records `take` against `code`: camera, countdown, recording, checks, then review or completion. */
  async run(take: Take, code: string): Promise<void> {
    const { host, owner, report } = this;
    const signal = take.abort.signal;
    let stopRequested!: () => void;
    const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
    take.requestStop = () => stopRequested();
    let recording: Recording | undefined;
    let watchdog: ReturnType<typeof setInterval> | undefined;
    take.capturing = true;
    try {
      report.onView({ state: 'preview', code });
      const stream = await this.capture.open((constraints) => host.getUserMedia(constraints), signal);
      // `ended` only fires when a device goes away; a track stopped by other code must end the take too.
      watchdog = setInterval(() => {
        if (this.capture.hasEndedTrack)
          owner.fail(new LivenessError('interrupted', 'A camera or microphone track ended.'));
      }, TIMER_INTERVAL_MS);
      const settings = stream.getVideoTracks()[0]?.getSettings() ?? {};
      const bitrates = chooseBitrates(host.maxBytes, host.maxDuration);
      const plan = await detectRecordingPlan(host.mediaRecorderClass, host.mimeType || undefined, {
        width: settings.width ?? 640,
        height: settings.height ?? 480,
        bitrate: bitrates.video,
      });
      if (!plan) throw new LivenessError('unsupported', 'No way to record video in this browser.');
      preloadFor(plan);

      for (let secondsLeft = Math.floor(host.countdown); secondsLeft > 0; secondsLeft -= 1) {
        report.onView({ state: 'countdown', code, secondsLeft });
        await sleep(1000, signal);
      }

      const options: RecordingOptions = {
        stream,
        mimeType: plan.mimeType,
        videoBitsPerSecond: bitrates.video,
        audioBitsPerSecond: bitrates.audio,
        // A recorder fails when its track ends (Firefox's WebCodecs reader does, before the watchdog looks): the
        // ended track is the cause the person must hear of.
        onFailure: (error) =>
          owner.fail(
            this.capture.hasEndedTrack
              ? new LivenessError('interrupted', 'A camera or microphone track ended.')
              : toLivenessError(error, 'recording-failed'),
          ),
      };
      const starting = this.startRecording(plan, options);
      // A recorder that starts after the take was abandoned must not run on unseen.
      starting.then(
        (started) => signal.aborted && started.cancel(),
        () => {},
      );
      recording = await untilAborted(starting, signal);
      const startedAt = performance.now();
      take.recordingSince = startedAt;
      this.capture.levels.beginTake();
      report.onView({ state: 'recording', code, elapsedMs: 0, tooShort: false });
      host.dispatchEvent(new LivenessStartEvent({ code, mimeType: plan.mimeType }));

      const timer = setInterval(() => this.tick(performance.now() - startedAt), TIMER_INTERVAL_MS);
      const autoStop = setTimeout(stopRequested, host.maxDuration * 1000);
      try {
        await untilAborted(stopped, signal);
      } finally {
        clearInterval(timer);
        clearTimeout(autoStop);
      }

      report.onView({ state: 'processing', code });
      const sound = this.capture.levels.endTake();
      mark('stop');
      const stopping = recording.stop();
      clearInterval(watchdog);
      // MediaRecorder takes no frame once asked to stop: the camera and microphone go off while it hands over its
      // file, not after (a release costs ~170 ms in WebKit). The WebCodecs route still samples the tracks until its
      // encoders close, so there they go off after.
      const releaseEarly = plan.kind === 'media-recorder';
      if (releaseEarly) {
        mark('releasing');
        this.capture.releaseStream();
        mark('released');
      }
      const raw = await untilAborted(stopping, signal);
      mark('recorder-stopped');
      recording = undefined;
      if (!releaseEarly) {
        mark('releasing');
        this.capture.releaseStream();
        mark('released');
      }
      if (!sound.measured) this.warnUnmeasured(sound.audioState);
      else if (!heardSpeech(sound.readings, { level: host.speechLevel, minVoicedMs: host.minSpeechMs })) {
        const { voicedMs, peak } = summarize(sound.readings, host.speechLevel);
        throw new LivenessError('no-speech', `Voiced for ${voicedMs} ms (peak level ${peak.toFixed(3)}).`);
      }
      const finished = await untilAborted(finishVideo(raw, plan), signal);
      mark('finished');
      if (finished.blob.size > host.maxBytes) {
        throw new LivenessError(
          'too-large',
          `The take is ${finished.blob.size} bytes, over max-bytes ${host.maxBytes}.`,
        );
      }
      const detail: LivenessCompleteDetail = {
        code,
        ...finished,
        size: finished.blob.size,
        needsTranscode: plan.needsTranscode,
      };
      owner.end(take);
      if (host.review)
        report.onView({ state: 'review', code, video: detail, url: this.capture.showForReview(detail.blob) });
      else this.complete(detail);
    } catch (error) {
      clearInterval(watchdog);
      recording?.cancel();
      this.capture.release();
      if (!owner.end(take)) return;
      // Abandoned (reset, disconnect, pagehide): silent. Failed (track ended, encoder error): the reason is shown.
      const reason = signal.aborted ? signal.reason : error;
      if (reason instanceof LivenessError || !signal.aborted)
        report.onError(toLivenessError(reason, 'recording-failed'));
    }
  }

  /**
   * A level that could not be measured is no proof of silence: the take goes on unchecked rather than failing with
   * `no-speech`, and the page's developer hears of it once.
   */
  private warnUnmeasured(audioState: AudioContextState | 'unavailable'): void {
    if (this.host.minSpeechMs <= 0 || this.warnedUnmeasured) return;
    this.warnedUnmeasured = true;
    console.warn(
      `<liveness-challenge>: the speech check was skipped: the AudioContext was ${audioState} when recording started, ` +
        'so the microphone level could not be measured.',
    );
  }

  private async startRecording(plan: RecordingPlan, options: RecordingOptions): Promise<Recording> {
    if (plan.kind === 'webcodecs') return (await loadWebCodecsRecording())(options);
    const recorderClass = this.host.mediaRecorderClass;
    if (!recorderClass) throw new LivenessError('unsupported', 'No MediaRecorder.');
    return startMediaRecorder(recorderClass, options);
  }

  private tick(elapsedMs: number): void {
    const view = this.report.view();
    if (view.state !== 'recording') return;
    const reachedMinimum = elapsedMs >= this.host.minDuration * 1000;
    this.report.onView({ ...view, elapsedMs, tooShort: view.tooShort && !reachedMinimum });
  }

  /** The take is final: `liveness-complete`, then the upload when there is a `submit-endpoint`. */
  complete(video: LivenessCompleteDetail): void {
    this.report.onView({ state: 'done', code: video.code, video });
    this.host.dispatchEvent(new LivenessCompleteEvent(video));
    if (this.host.submitEndpoint) this.submit(video);
  }

  submit(video: LivenessCompleteDetail): void {
    this.report.onView({ state: 'uploading', code: video.code, video, progress: 0 });
    void this.submission.submit(video, {
      url: new URL(this.host.submitEndpoint, document.baseURI).href,
      fields: this.host.submitFields,
      headers: this.host.headers,
      credentials: this.host.credentials,
    });
  }
}
