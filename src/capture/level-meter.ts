import { addReading, rms, type LevelSummary } from './speech.js';

const READ_INTERVAL_MS = 100;
/**
 * Samples per reading: ~170 ms at 48 kHz, longer than the reading interval, so consecutive readings overlap and a
 * short sound is not missed between them, even when a busy main thread reads late.
 */
const WINDOW_SAMPLES = 8192;

/**
 * Reads the microphone's level while the camera is open: a live meter for the person, and a summary of the take
 * for the speech check. Owns its AudioContext and closes it on stop.
 */
export class LevelMeter {
  private context?: AudioContext;
  private timer?: ReturnType<typeof setInterval>;
  private summary: LevelSummary = { voicedMs: 0, peak: 0 };
  private measuring = false;

  constructor(
    private readonly threshold: () => number,
    private readonly onLevel: (level: number) => void,
  ) {}

  start(stream: MediaStream): void {
    this.stop();
    const AudioContextClass = globalThis.AudioContext;
    const [track] = stream.getAudioTracks();
    if (!AudioContextClass || !track) return;
    const context = new AudioContextClass();
    const analyser = context.createAnalyser();
    analyser.fftSize = WINDOW_SAMPLES;
    const windowMs = (WINDOW_SAMPLES / context.sampleRate) * 1000;
    // A stream of its own: the source node must not keep the element's stream alive past its release.
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    void context.resume().catch(() => {});
    const samples = new Float32Array(analyser.fftSize);
    this.context = context;
    let lastReadAt = performance.now();
    this.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const level = rms(samples);
      const now = performance.now();
      // A reading speaks for the time since the last one, but never for more than its own window.
      const coveredMs = Math.min(now - lastReadAt, windowMs);
      lastReadAt = now;
      if (this.measuring) this.summary = addReading(this.summary, level, coveredMs, this.threshold());
      this.onLevel(level);
    }, READ_INTERVAL_MS);
  }

  /** From now on readings count toward the take's summary. */
  beginTake(): void {
    this.summary = { voicedMs: 0, peak: 0 };
    this.measuring = true;
  }

  /** Stops counting and returns what the take sounded like. */
  endTake(): LevelSummary {
    this.measuring = false;
    return this.summary;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.measuring = false;
    void this.context?.close().catch(() => {});
    this.context = undefined;
  }
}
