// A portrait camera for Chromium's fake capture device: a phone held upright gives 720x1280. The Y4M file is made
// with ffmpeg when the tests start, into the system's temp folder (about 62 MB, never committed), and reused while it
// is there. Chromium loops it: `--use-file-for-fake-video-capture=<path>`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PORTRAIT_CAMERA = { width: 720, height: 1280, fps: 15, seconds: 3 };

/**
 * The path of the portrait camera file, made now if missing; undefined (with the reason on stderr) where ffmpeg is
 * not installed.
 */
export function portraitCameraFile() {
  const { width, height, fps, seconds } = PORTRAIT_CAMERA;
  const folder = join(tmpdir(), 'liveness-challenge-cameras');
  const path = join(folder, `portrait-${width}x${height}-${fps}fps-${seconds}s.y4m`);
  if (existsSync(path)) return path;
  mkdirSync(folder, { recursive: true });
  // A moving test pattern framed by a red border: a crop shows as a missing edge in a screenshot.
  const partial = `${path}.${process.pid}.partial.y4m`;
  const made = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`,
      '-vf',
      'drawbox=x=0:y=0:w=iw:h=ih:color=red:t=16',
      '-pix_fmt',
      'yuv420p',
      partial,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (made.error || made.status !== 0) {
    console.error(
      `No portrait camera file (ffmpeg: ${made.error?.message ?? made.stderr.toString().trim()}): the portrait-camera tests are skipped. apt-get install ffmpeg`,
    );
    return undefined;
  }
  // Renamed into place whole: another run reading the same cache never sees half a file.
  renameSync(partial, path);
  return path;
}
