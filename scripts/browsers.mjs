// Finds the system browsers the tests and benchmarks drive. Nothing is downloaded: this project runs on machines
// that can only install Debian's packages, so the browsers come from `apt-get install chromium firefox-esr`.
import { existsSync } from 'node:fs';

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const firefoxCandidates = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

function find(envName, candidates) {
  const fromEnv = process.env[envName];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return candidates.find((path) => existsSync(path));
}

export const chromiumPath = find('CHROME_PATH', chromiumCandidates);
export const firefoxPath = process.env.SKIP_FIREFOX ? undefined : find('FIREFOX_PATH', firefoxCandidates);

export const missingChromiumMessage =
  'No Chromium found (looked at $CHROME_PATH, ' + chromiumCandidates.join(', ') + ').\n' +
  'Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y chromium firefox-esr\n' +
  'or point CHROME_PATH at a Chromium or Chrome binary.';

/** Flags every Chromium run here needs: root in a container, no GPU, a closed network. Audio rules as shipped. */
export const chromiumShippedAudioArgs = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** As above, with the autoplay rule off: most tests start takes from script, as no person would. */
export const chromiumBaseArgs = [...chromiumShippedAudioArgs, '--autoplay-policy=no-user-gesture-required'];

/** A fake camera (640x480 test pattern) and a beeping fake microphone, without a permission prompt. */
export const chromiumFakeMediaArgs = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** Fake devices without a prompt, and Firefox's shipped autoplay rules (audible autoplay blocked until a gesture). */
export const firefoxShippedAudioPrefs = {
  'media.navigator.streams.fake': true,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  // Machines without a sound card: without a mock audio context, AudioContext.resume() never settles.
  'media.cubeb.force_mock_context': true,
};

export const firefoxFakeMediaPrefs = {
  ...firefoxShippedAudioPrefs,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};
