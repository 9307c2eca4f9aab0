import type { FinishedVideo } from './finished-video.js';

/** The file a recorder hands over when it stops. */
export interface RecordedFile {
  blob: Blob;
  /**
   * What the file holds, when the recorder wrote it itself and knows it from the packets it muxed (WebCodecs): the
   * file then needs no second parse. Absent for MediaRecorder, whose file is read back (and remuxed).
   */
  video?: FinishedVideo;
}

/** A recording in progress, whichever route (MediaRecorder or WebCodecs) writes it. */
export interface Recording {
  /** Finishes the file and resolves with it; rejects with a LivenessError if the encoder failed. */
  stop(): Promise<RecordedFile>;
  /** Drops the recording: nothing is finalised, nothing is emitted. */
  cancel(): void;
}

export interface RecordingOptions {
  stream: MediaStream;
  mimeType: string;
  videoBitsPerSecond: number;
  audioBitsPerSecond: number;
  /** Called once if the encoder fails mid-recording. */
  onFailure(error: unknown): void;
}
