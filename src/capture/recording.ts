/** A recording in progress, whichever route (MediaRecorder or WebCodecs) writes it. */
export interface Recording {
  /** Finishes the file and resolves with it; rejects with a LivenessError if the encoder failed. */
  stop(): Promise<Blob>;
  /** Drops the take: nothing is finalised, nothing is emitted. */
  cancel(): void;
}

export interface RecordingOptions {
  stream: MediaStream;
  mimeType: string;
  videoBitsPerSecond: number;
  audioBitsPerSecond: number;
  /** Called once if the encoder fails mid-take. */
  onFailure(error: unknown): void;
}
