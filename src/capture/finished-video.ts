/** What the finishing step learns from the file itself: nothing here is taken on trust from the recorder. */
export interface FinishedVideo {
  blob: Blob;
  mimeType: string;
  durationMs: number;
  width: number;
  height: number;
}
