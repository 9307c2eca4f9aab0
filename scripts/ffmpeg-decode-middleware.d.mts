// Types of scripts/ffmpeg-decode-middleware.mjs, for the Node tests that decode a file with ffmpeg.
export declare const FFMPEG_DECODE_PATH: string;
export declare function ffmpegDecodeErrors(bytes: Uint8Array): Promise<string>;
export declare function ffmpegDecodeKoa(context: unknown, next: () => Promise<unknown>): Promise<unknown>;
