/** What one take, the element's or the floor's, measured. Times are milliseconds of `performance.now()`. */
export interface TakeResult {
  /** start() (or getUserMedia) → first frames recorded (`liveness-start`, or the recorder's `start` event). */
  startMs: number;
  /** The floor only: the getUserMedia part of `startMs`. */
  getUserMediaMs?: number;
  /** stop() → the final file (`liveness-complete`, or the Blob). */
  finishMs: number;
  /**
   * The element only: where `finishMs` went, from its User Timing marks. `toStop`: stop() → the recorder asked to
   * stop; `recorder`: the recorder's own stop (MediaRecorder: its Blob; WebCodecs: encoder flush and mux);
   * `release`: the camera and microphone stopped (during the recorder's stop on the MediaRecorder route); `file`: making the final file (MediaRecorder: box repair and
   * remux, which reads the file; WebCodecs: nothing, or a read-back); `toEvent`: the rest, to `liveness-complete`.
   */
  finishSteps?: { toStop: number; recorder: number; release: number; file: number; toEvent: number } | undefined;
  /** How long frames were recorded, by the page's clock. */
  recordedMs: number;
  /** Long tasks (> 50 ms) that started while recording, or null where the browser cannot observe them. */
  longTasksRecording: number | null;
  /** Long tasks between stop and the final file. */
  longTasksFinishing: number | null;
  size: number;
  mimeType: string;
  /** The file's own duration (element takes only: read back from the file). */
  durationMs?: number;
  width?: number;
  height?: number;
}
