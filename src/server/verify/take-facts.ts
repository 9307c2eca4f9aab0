// What the inspection reads from a take with mediabunny: the container, the tracks, the timestamps. No decisions
// here: checks.ts turns the facts into an answer. Kept apart so it can run in a worker thread (take-inspector.ts),
// where a demuxer bug costs one request instead of the process.

export type TakeFacts =
  /** No demuxer recognised the bytes. */
  | { kind: 'unknown' }
  /** A format other than MP4; `audioOnly` for the formats that may hold either (MP3, Ogg, MPEG-TS…). */
  | { kind: 'other'; container: string; audioOnly?: boolean }
  /** An MP4 that stopped reading part way. */
  | { kind: 'broken' }
  | { kind: 'mp4'; hasVideo: false }
  | { kind: 'mp4'; hasVideo: true; audioSeconds: number; start: number; end: number; mimeType: string };

export async function readTakeFacts(bytes: Uint8Array): Promise<TakeFacts> {
  const {
    ALL_FORMATS,
    BufferSource,
    Input,
    MatroskaInputFormat,
    Mp4InputFormat,
    QuickTimeInputFormat,
    WebMInputFormat,
  } = await import('mediabunny');
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  try {
    let format;
    try {
      format = (await input.canRead()) ? await input.getFormat() : undefined;
    } catch {
      format = undefined;
    }
    if (format === undefined) return { kind: 'unknown' };
    if (!(format instanceof Mp4InputFormat)) {
      if (format instanceof WebMInputFormat) return { kind: 'other', container: 'webm' };
      if (format instanceof MatroskaInputFormat) return { kind: 'other', container: 'matroska' };
      if (format instanceof QuickTimeInputFormat) return { kind: 'other', container: 'quicktime' };
      const video = await input.getPrimaryVideoTrack().catch(() => null);
      return { kind: 'other', container: format.name, audioOnly: video === null };
    }
    try {
      const video = await input.getPrimaryVideoTrack();
      if (video === null) return { kind: 'mp4', hasVideo: false };
      const audio = await input.getPrimaryAudioTrack();
      const audioSeconds = audio === null ? 0 : await audio.computeDuration();
      const end = await input.computeDuration();
      const start = await input.getFirstTimestamp();
      return { kind: 'mp4', hasVideo: true, audioSeconds, start, end, mimeType: await input.getMimeType() };
    } catch {
      return { kind: 'broken' };
    }
  } finally {
    input.dispose();
  }
}
