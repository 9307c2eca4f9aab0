import { rms, type LevelReading } from './speech.js';

const READ_INTERVAL_MS = 100;
/**
 * Samples per reading: ~170 ms at 48 kHz, longer than the reading interval, so consecutive readings overlap and a
 * short sound is not missed between them, even when a busy main thread reads late.
 */
const WINDOW_SAMPLES = 8192;

/**
 * What a take's level readings are worth: `unmeasured` when the AudioContext was not running as the take began
 * (an autoplay rule held it suspended, or the browser has no Web Audio), so the readings say nothing about the sound.
 */
export type TakeSound =
  | { measured: true; readings: readonly LevelReading[] }
  | { measured: false; audioState: AudioContextState | 'unavailable' };

/**
 * Reads the microphone's level while the camera is open: a live meter for the person, and the take's readings for
 * the speech check. Owns its AudioContext and closes it on stop.
 */
export class LevelMeter {
  private context: AudioContext | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readings: LevelReading[] = [];
  private measuring = false;
  private audioStateAtTake: AudioContextState | 'unavailable' = 'unavailable';

  constructor(private readonly onLevel: (level: number) => void) {}

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
      if (this.measuring) this.readings.push({ level, ms: coveredMs });
      this.onLevel(level);
    }, READ_INTERVAL_MS);
  }

  /**
   * The state of the AudioContext the readings come from: a suspended one reads silence whatever the microphone
   * hears (Safari keeps a context suspended until a user gesture, unless it was created after capture began).
   */
  get audioState(): AudioContextState | 'unavailable' {
    return this.context?.state ?? 'unavailable';
  }

  /** From now on readings are kept for the take's speech check, if the context is running to take them. */
  beginTake(): void {
    this.readings = [];
    this.audioStateAtTake = this.audioState;
    this.measuring = this.audioStateAtTake === 'running';
  }

  /** Stops counting and returns what the take sounded like, or that it could not be heard. */
  endTake(): TakeSound {
    const measured = this.measuring;
    this.measuring = false;
    return measured ? { measured, readings: this.readings } : { measured, audioState: this.audioStateAtTake };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.measuring = false;
    void this.context?.close().catch(() => {});
    this.context = undefined;
  }
}
