/** What the finishing step learns from the file itself: nothing here is taken on trust from the recorder. */
export interface FinishedTake {
  blob: Blob;
  mimeType: string;
  durationMs: number;
  width: number;
  height: number;
}
