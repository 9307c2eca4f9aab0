// The Debian/Ubuntu packages the test suite needs, installed when missing. Used by `npm test` (scripts/test.mjs)
// and by .ci/run, so there is one list. As root, or with passwordless sudo, it runs apt-get itself; otherwise it
// prints the one `apt-get install` line to run and exits with status 1. On a system without dpkg it checks nothing.
// `node scripts/install-system-deps.mjs --check` only reports.
import { spawnSync } from 'node:child_process';
import { chromiumPath, firefoxPath } from './browsers.mjs';

/** What each package is for; the tests name them in their own messages too. */
export const SYSTEM_PACKAGES = [
  'chromium', // browser tests, Chromium engine
  'firefox-esr', // browser tests, Firefox engine
  'webkit2gtk-driver', // WebKitWebDriver and MiniBrowser: the WebKit engine
  'xvfb', // the display MiniBrowser draws on
  'gstreamer1.0-plugins-base', // WebKit's media back end: capture, conversion
  'gstreamer1.0-plugins-good', // MP4 muxing
  'gstreamer1.0-plugins-bad', // h264parse, the AAC encoder
  'gstreamer1.0-plugins-ugly', // x264enc: WebKit's H.264 encoder
  'gstreamer1.0-gl',
  'gcc', // builds the GStreamer autovideoflip shim (scripts/build-webkit-shim.mjs)
  'libc6-dev',
  'pkg-config',
  'libgstreamer1.0-dev',
  'libgstreamer-plugins-base1.0-dev',
  'ffmpeg', // decodes every recorded take, as a verification backend would
  'redis-server', // the shared code store's tests
];

function installed(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function canRun(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/**
 * A browser found some other way (CHROME_PATH, FIREFOX_PATH, Google Chrome, Ubuntu's snaps) stands for its Debian
 * package, so only what is really absent is installed.
 */
function foundOtherwise(name) {
  return (name === 'chromium' && Boolean(chromiumPath)) || (name === 'firefox-esr' && Boolean(firefoxPath));
}

/** Which of the packages are missing, or undefined when this system has no dpkg to ask. */
export function missingSystemPackages() {
  if (!canRun('dpkg-query', ['--version'])) return undefined;
  return SYSTEM_PACKAGES.filter((name) => !installed(name) && !foundOtherwise(name));
}

/** Installs what is missing when it can. Returns true when nothing is missing afterwards. */
export function ensureSystemPackages({ checkOnly = false, log = console.log } = {}) {
  const missing = missingSystemPackages();
  if (missing === undefined) {
    log(
      'System packages: no dpkg here, not checked (the tests need Chromium, Firefox, WebKitGTK with its driver, Xvfb, GStreamer, gcc and ffmpeg).',
    );
    return true;
  }
  if (missing.length === 0) return true;
  const line = `apt-get install -y ${missing.join(' ')}`;
  const asRoot = process.getuid?.() === 0;
  const sudo = !asRoot && canRun('sudo', ['-n', 'true']);
  if (checkOnly || (!asRoot && !sudo)) {
    console.error(`Missing system packages: ${missing.join(', ')}. Install them as root:\n  apt-get update && ${line}`);
    return false;
  }
  log(`Installing the missing system packages: ${missing.join(' ')}`);
  const prefix = sudo ? ['sudo', '-n'] : [];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', ...missing],
  ]) {
    const command = [...prefix, ...args];
    const result = spawnSync(command[0], command.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.status !== 0) {
      console.error(
        `\`${command.join(' ')}\` failed (status ${result.status}). Install them as root:\n  apt-get update && ${line}`,
      );
      return false;
    }
  }
  const still = missingSystemPackages() ?? [];
  if (still.length > 0) console.error(`Still missing after apt-get: ${still.join(', ')}.`);
  return still.length === 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exit(ensureSystemPackages({ checkOnly: process.argv.includes('--check') }) ? 0 : 1);
}
