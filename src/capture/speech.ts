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

export interface LevelSummary {
  /** Milliseconds the level was at or above the threshold. */
  voicedMs: number;
  /** The loudest RMS level seen. */
  peak: number;
}

/** Accumulates level readings into a summary; pure, so the judgement is testable without a microphone. */
export function addReading(summary: LevelSummary, level: number, elapsedMs: number, threshold: number): LevelSummary {
  return {
    voicedMs: summary.voicedMs + (level >= threshold ? elapsedMs : 0),
    peak: Math.max(summary.peak, level),
  };
}

export function heardSpeech(summary: LevelSummary, thresholds: SpeechThresholds): boolean {
  return summary.voicedMs >= thresholds.minVoicedMs;
}

/** RMS of a block of samples in [-1, 1]. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}
