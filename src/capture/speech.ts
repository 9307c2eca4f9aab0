/**
 * Whether a take carries speech loud enough for the verifier. Tencent rejects silent or quiet takes ("no sound",
 * "volume too low", docs/tencent.md §5) only after the upload and an API call; judging the microphone level here lets
 * the person retake at once.
 */
export interface SpeechThresholds {
  /** RMS level (0–1 of full scale) from which a moment counts as voiced. */
  level: number;
  /** How long, in total, the take must be voiced. */
  minVoicedMs: number;
}

/** One reading of the microphone during a take: its RMS level, and how many milliseconds it speaks for. */
export interface LevelReading {
  level: number;
  ms: number;
}

export interface LevelSummary {
  /** Milliseconds the level was at or above the threshold. */
  voicedMs: number;
  /** The loudest RMS level seen. */
  peak: number;
}

/**
 * What a take's readings add up to at a threshold. The readings are kept raw rather than summed as they come, so the
 * threshold applies when the take is judged: pure, and testable without a microphone.
 */
export function summarize(readings: readonly LevelReading[], threshold: number): LevelSummary {
  let voicedMs = 0;
  let peak = 0;
  for (const { level, ms } of readings) {
    if (level >= threshold) voicedMs += ms;
    peak = Math.max(peak, level);
  }
  return { voicedMs, peak };
}

/** Whether the readings hold at least `minVoicedMs` at or above `level`. */
export function heardSpeech(readings: readonly LevelReading[], thresholds: SpeechThresholds): boolean {
  return summarize(readings, thresholds.level).voicedMs >= thresholds.minVoicedMs;
}

/** RMS of a block of samples in [-1, 1]. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}
