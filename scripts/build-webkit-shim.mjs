// Builds scripts/webkit/autovideoflip-shim.c into a cache folder and returns that folder, for GST_PLUGIN_PATH.
// Only GStreamer older than 1.24 needs it (see the C file for why); newer ones have autovideoflip themselves.
// Run directly (`node scripts/build-webkit-shim.mjs`) it builds and prints the folder, or why it could not.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./webkit/autovideoflip-shim.c', import.meta.url));
const cacheRoot = fileURLToPath(new URL('../node_modules/.cache/liveness-webkit-shim/', import.meta.url));
const libraryName = 'libgstautovideoflipshim.so';

/** The installed GStreamer's version as [major, minor], read from the shared library's file name. */
export function installedGstreamerVersion() {
  for (const folder of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib']) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      // libgstreamer-1.0.so.0.2200.0 is 1.22.0
      const match = /^libgstreamer-1\.0\.so\.0\.(\d+)\.\d+$/.exec(name);
      if (match) return [1, Math.floor(Number(match[1]) / 100)];
    }
  }
  return undefined;
}

/**
 * @returns {{ folder?: string, reason?: string }} `folder` to add to GST_PLUGIN_PATH (absent when GStreamer needs
 * no shim), or `reason` when the shim is needed but cannot be built here.
 */
export function buildWebkitShim() {
  const version = installedGstreamerVersion();
  if (!version) return { reason: 'GStreamer is not installed' };
  if (version[1] >= 24) return {};
  let flags;
  try {
    flags = execFileSync('pkg-config', ['--cflags', '--libs', 'gstreamer-1.0', 'gstreamer-video-1.0'], {
      encoding: 'utf8',
    })
      .trim()
      .split(/\s+/);
  } catch {
    return {
      reason:
        'building the GStreamer 1.22 autovideoflip shim needs pkg-config, libgstreamer1.0-dev and libgstreamer-plugins-base1.0-dev',
    };
  }
  // The folder name changes with the source and the flags, so an edited shim is rebuilt and a stale one never loads.
  const key = createHash('sha256').update(readFileSync(source)).update(flags.join(' ')).digest('hex').slice(0, 16);
  const folder = join(cacheRoot, key);
  const library = join(folder, libraryName);
  if (existsSync(library)) return { folder };
  mkdirSync(folder, { recursive: true });
  // Compile to a private name, then rename: two test runs building at once never load a half-written library.
  const partial = `${library}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-o', partial, source, ...flags], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    return {
      reason: `the autovideoflip shim did not compile (gcc and libc6-dev needed): ${String(error.stderr ?? error.message).trim()}`,
    };
  }
  renameSync(partial, library);
  return { folder };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { folder, reason } = buildWebkitShim();
  if (reason) {
    console.error(`WebKit shim: ${reason}`);
    process.exit(1);
  }
  console.log(folder ? `WebKit shim: ${folder}` : 'WebKit shim: not needed (GStreamer >= 1.24)');
}
