import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import * as puppeteerCore from 'puppeteer-core';
import { mockSigningEndpointKoa } from './demo/mock/mock-signing-endpoint.js';
import {
  chromiumBaseArgs,
  chromiumFakeMediaArgs,
  chromiumPath,
  chromiumShippedAudioArgs,
  firefoxFakeMediaPrefs,
  firefoxPath,
  firefoxShippedAudioPrefs,
  webkitFakeMediaArgs,
  webkitNoGestureArgs,
} from './scripts/browsers.mjs';
import { attemptCounterKoa } from './scripts/attempt-counter-middleware.mjs';
import { countReporter } from './scripts/count-reporter.mjs';
import { echoUploadKoa } from './test/helpers/echo-upload.mjs';
import { createEngines, engineExclusion } from './scripts/engines.mjs';
import { ffmpegDecodeKoa } from './scripts/ffmpeg-decode-middleware.mjs';
import { webkitLauncher } from './scripts/webkit-launcher.mjs';
import { phoneViewportPlugin } from './scripts/phone-viewport.mjs';
import { portraitCameraFile } from './scripts/portrait-camera.mjs';
import { mockVerificationControlKoa } from './demo/mock/mock-verification-upstream.js';
import { register } from 'tsx/esm/api';
import { flakyUploadKoa } from './test/middleware/flaky-upload.mjs';
import { sequenceRuns, testSettingsKoa } from './test/middleware/test-settings.mjs';

// The verification loop runs the real server handlers (TypeScript) against the fake Tencent upstream.
register();
const { startVerificationLoop, LOOP_LIVENESS_PATH } = await import('./demo/verification-loop.ts');
const loop = await startVerificationLoop({});

/** Koa middleware serving the loop's Node listeners. */
async function verificationLoopKoa(context, next) {
  const listener = loop.routes[context.path];
  if (!listener) return next();
  context.respond = false;
  await listener(context.req, context.res);
}

const flakyLivenessKoa = flakyUploadKoa(loop.routes[LOOP_LIVENESS_PATH]);

function chromium(args) {
  return chromeLauncher({
    launchOptions: { executablePath: chromiumPath, headless: true, args: [...chromiumBaseArgs, ...args] },
  });
}

function firefox(prefs) {
  return chromeLauncher({
    puppeteer: puppeteerCore,
    launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true, extraPrefsFirefox: prefs },
  });
}

function webkit(args) {
  return webkitLauncher(args);
}

/**
 * mediabunny maps its Node-only module to `false` in its `browser` field; the dev server cannot serve the empty
 * module that stands for it, so it gets one here (the browser never calls into it).
 */
const emptyNodeModule = {
  name: 'empty-node-module',
  resolveImport({ source }) {
    if (source === 'node:fs/promises' || source.endsWith('mediabunny/dist/modules/src/node.js'))
      return '/__empty-node-module.js';
    return undefined;
  },
  serve(context) {
    if (context.path.endsWith('/__empty-node-module.js')) return { body: 'export {};', type: 'js' };
    return undefined;
  },
};

// ONLY_BROWSER=chromium|firefox|webkit narrows a run; SKIP_FIREFOX / SKIP_WEBKIT leave one out. Left-out engines are
// counted as skipped (scripts/engines.mjs). To add a group: engines.group({ name, files, chromium: () => …,
// webkit: () => webkit([...webkitFakeMediaArgs, '--media-playback-requires-user-gesture=true']) }). An engine given a
// string instead of a function cannot run that group at all; the string says why, and its tests count as skipped.
const engines = createEngines();

const withFakeMedia = engines.browsers('default', {
  chromium: () => chromium(chromiumFakeMediaArgs),
  firefox: () => firefox(firefoxFakeMediaPrefs),
  webkit: () => webkit([...webkitFakeMediaArgs, ...webkitNoGestureArgs]),
});

const groups = [
  /** Fake devices, but a real refusal: Chromium without the auto-grant flag, Firefox with both permissions blocked. */
  engines.group({
    name: 'permission-denied',
    files: 'test/denied/**/*.test.ts',
    chromium: () => chromium(['--use-fake-device-for-media-stream']),
    firefox: () =>
      firefox({
        ...firefoxFakeMediaPrefs,
        'media.navigator.permission.disabled': false,
        'permissions.default.camera': 2,
        'permissions.default.microphone': 2,
      }),
    webkit: 'MiniBrowser grants capture under automation and has no switch to refuse it',
  }),
];

/** Chromium with a 720x1280 camera, as a phone held upright gives (a Y4M file made by ffmpeg, when it is installed). */
const portraitCamera = engineExclusion('chromium') ? undefined : portraitCameraFile();
groups.push(
  engines.group({
    name: 'portrait-camera',
    files: 'test/portrait/**/*.test.ts',
    ...(portraitCamera && {
      chromium: () => chromium([...chromiumFakeMediaArgs, `--use-file-for-fake-video-capture=${portraitCamera}`]),
    }),
  }),
);

if (withFakeMedia.length === 0) {
  const reasons = engines.skipped
    .filter((entry) => entry.group === 'default')
    .map((entry) => `${entry.label}: ${entry.reason}`);
  console.error(`No browser engine can run the suite (${reasons.join('; ')}).`);
  process.exit(1);
}

/**
 * The browsers' audio rules as shipped (test/audio): Chromium without its autoplay flag, Firefox without its autoplay
 * prefs (camera and microphone allowed as a person allows them, not by skipping the permission check), WebKit with
 * Safari's default of a user gesture before playback.
 */
groups.push(
  engines.group({
    name: 'audio-rules',
    files: 'test/audio/**/*.test.ts',
    chromium: () =>
      chromeLauncher({
        launchOptions: {
          executablePath: chromiumPath,
          headless: true,
          args: [...chromiumShippedAudioArgs, ...chromiumFakeMediaArgs],
        },
      }),
    firefox: () => firefox(firefoxShippedAudioPrefs),
    webkit: () => webkit([...webkitFakeMediaArgs, '--media-playback-requires-user-gesture=true']),
  }),
);

/** A person's system set to dark, to reduced motion and to Chinese (test/system-prefs), without emulation. */
groups.push(
  engines.group({
    name: 'system-prefs',
    files: 'test/system-prefs/**/*.test.ts',
    chromium: () =>
      chromium([
        ...chromiumFakeMediaArgs,
        '--force-dark-mode',
        '--force-prefers-reduced-motion',
        '--lang=zh-CN',
        '--accept-lang=zh-CN',
      ]),
    firefox: () =>
      firefox({
        ...firefoxFakeMediaPrefs,
        'ui.systemUsesDarkTheme': 1,
        'ui.prefersReducedMotion': 1,
        'intl.accept_languages': 'zh-CN',
      }),
    webkit: 'MiniBrowser has no switch for a dark scheme, reduced motion or the language',
  }),
);

/** A plain-http page on a host that is not localhost (test/insecure): not a secure context, for real. */
groups.push(
  engines.group({
    name: 'insecure-context',
    files: 'test/insecure/**/*.test.ts',
    chromium: () => chromium([...chromiumFakeMediaArgs, '--host-resolver-rules=MAP liveness.test 127.0.0.1']),
    firefox: 'no host-resolver switch wired up for Firefox yet (its network.dns.forceResolve pref is untried)',
    webkit: 'MiniBrowser has no host-resolver switch',
  }),
);

export default {
  files: [
    'test/**/*.test.ts',
    '!test/server/**',
    '!test/node/**',
    '!test/examples/**',
    '!test/denied/**',
    '!test/portrait/**',
    '!test/audio/**',
    '!test/system-prefs/**',
    '!test/insecure/**',
  ],
  nodeResolve: { exportConditions: ['development'] },
  plugins: [emptyNodeModule, esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }), phoneViewportPlugin()],
  middleware: [
    testSettingsKoa,
    mockSigningEndpointKoa,
    mockVerificationControlKoa(loop.mock),
    verificationLoopKoa,
    flakyLivenessKoa,
    ffmpegDecodeKoa,
    echoUploadKoa,
    attemptCounterKoa,
  ],
  browsers: withFakeMedia,
  groups,
  // WebKit is reached on 127.0.0.1 (its driver and secure-context rules are tested there); the others are the same.
  hostname: '127.0.0.1',
  // One page at a time: WebKit's WebDriver session runs one top-level page per file, no iframes.
  concurrency: 1,
  testFramework: { config: { timeout: 30000 } },
  // The soak (SEQUENCE_RUNS rounds of 100) runs for a long while; CI's 50 sequences fit well inside 20 minutes.
  testsFinishTimeout: Math.max(20, sequenceRuns() / 2) * 60 * 1000,
  reporters: [defaultReporter(), countReporter({ skippedEngines: engines.skipped })],
};
