// A test-server route that decodes a recording with ffmpeg, as a verification backend would: the browser POSTs the
// file's bytes to /__test/ffmpeg-decode and gets back `{ errors }`, ffmpeg's complaints while decoding every frame
// and sample ('' for a clean file). A demuxer reading the container (test/helpers/capture.ts readBack) does not
// decode, so it misses damaged samples such as the ones WebKit's repeated fragment causes.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FFMPEG_DECODE_PATH = '/__test/ffmpeg-decode';

async function readBody(request) {
  const parts = [];
  for await (const part of request) parts.push(part);
  return Buffer.concat(parts);
}

/** ffmpeg's error output for these bytes; rejects when ffmpeg cannot be run at all. */
export async function ffmpegDecodeErrors(bytes) {
  // A file rather than a pipe: MP4 demuxing seeks, and a pipe would add errors of its own.
  const folder = await mkdtemp(join(tmpdir(), 'liveness-ffmpeg-'));
  try {
    const file = join(folder, 'take');
    await writeFile(file, bytes);
    return await new Promise((resolve, reject) => {
      // Passthrough timing in the input's time base: frames Chromium delivers 1 ms apart are valid, but ffmpeg's
      // default output clock would merge them and complain about its own muxer, not about the file.
      const args = [
        '-nostdin',
        '-v',
        'error',
        '-i',
        file,
        '-fps_mode',
        'passthrough',
        '-enc_time_base',
        '-1',
        '-f',
        'null',
        '-',
      ];
      const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let errors = '';
      child.stderr.on('data', (chunk) => (errors += chunk));
      child.once('error', (error) =>
        reject(new Error(`ffmpeg could not run (apt-get install ffmpeg): ${error.message}`)),
      );
      child.once('close', (code) =>
        resolve(code === 0 ? errors.trim() : `${errors.trim()}\nffmpeg exited with ${code}`.trim()),
      );
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Koa middleware for web-test-runner's dev server. */
export async function ffmpegDecodeKoa(context, next) {
  if (context.path !== FFMPEG_DECODE_PATH || context.method !== 'POST') return next();
  try {
    context.body = { errors: await ffmpegDecodeErrors(await readBody(context.req)) };
  } catch (error) {
    context.status = 500;
    context.body = { errors: String(error.message) };
  }
}
