// Finds the system browsers the tests and benchmarks drive. Nothing is downloaded: this project runs on machines
// that can only install Debian's packages, so the browsers come from `apt-get install chromium firefox-esr
// webkit2gtk-driver xvfb` (WebKit is WebKitGTK's MiniBrowser, driven by WebKitWebDriver on an Xvfb display).
import { existsSync, readdirSync } from 'node:fs';

const chromiumCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const firefoxCandidates = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

function find(envName, candidates) {
  const fromEnv = process.env[envName];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return candidates.find((path) => existsSync(path));
}

/** MiniBrowser sits in a per-architecture folder: /usr/lib/<triplet>/webkit2gtk-4.1/MiniBrowser on Debian. */
function miniBrowserCandidates() {
  const folders = ['/usr/lib', '/usr/libexec'].flatMap((root) => {
    try {
      return [root, ...readdirSync(root).map((name) => `${root}/${name}`)];
    } catch {
      return [root];
    }
  });
  return folders.flatMap((folder) => [`${folder}/webkit2gtk-4.1/MiniBrowser`, `${folder}/webkitgtk-6.0/MiniBrowser`]);
}

export const chromiumPath = find('CHROME_PATH', chromiumCandidates);
export const firefoxPath = process.env.SKIP_FIREFOX ? undefined : find('FIREFOX_PATH', firefoxCandidates);
export const webkitDriverPath = find('WEBKIT_DRIVER_PATH', ['/usr/bin/WebKitWebDriver']);
export const miniBrowserPath = webkitDriverPath ? find('MINIBROWSER_PATH', miniBrowserCandidates()) : undefined;
export const xvfbPath = find('XVFB_PATH', ['/usr/bin/Xvfb']);

/** Why WebKit cannot run here, or undefined when it can (the GStreamer shim is checked when it is built). */
export const webkitMissingReason = process.env.SKIP_WEBKIT
  ? 'SKIP_WEBKIT is set'
  : !webkitDriverPath
    ? 'WebKitWebDriver not found (apt-get install webkit2gtk-driver)'
    : !miniBrowserPath
      ? 'MiniBrowser not found beside WebKitGTK (apt-get install webkit2gtk-driver, or set MINIBROWSER_PATH)'
      : !xvfbPath
        ? 'Xvfb not found (apt-get install xvfb)'
        : undefined;

export const missingChromiumMessage =
  'No Chromium found (looked at $CHROME_PATH, ' +
  chromiumCandidates.join(', ') +
  ').\n' +
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

const firefoxFakeDevicePrefs = {
  'media.navigator.streams.fake': true,
  // Machines without a sound card: without a mock audio context, AudioContext.resume() never settles.
  'media.cubeb.force_mock_context': true,
};

/**
 * Fake devices and Firefox's shipped autoplay rules (audible autoplay blocked until a gesture). The camera and
 * microphone are allowed as a person allows them: with `media.navigator.permission.disabled` instead, Firefox 153
 * does not count the page as capturing and holds every AudioContext suspended on a page never clicked (measured).
 */
export const firefoxShippedAudioPrefs = {
  ...firefoxFakeDevicePrefs,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
};

/** Fake devices without a prompt, autoplay rules off. */
export const firefoxFakeMediaPrefs = {
  ...firefoxFakeDevicePrefs,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

/**
 * MiniBrowser flags for every WebKit run: WebKit's own mock camera (1280x720) and microphone (a tone) granted
 * without a prompt, and Media Source on. Safari's default needs a user gesture before media plays; the main groups
 * lift it, as they do in Chromium and Firefox, and a group with `--media-playback-requires-user-gesture=true`
 * tests Safari's rule.
 */
export const webkitBaseArgs = ['--automation', '--enable-media-stream=true', '--enable-mediasource=true'];
export const webkitFakeMediaArgs = ['--enable-mock-capture-devices=true'];
export const webkitNoGestureArgs = ['--media-playback-requires-user-gesture=false'];
