import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import * as puppeteerCore from 'puppeteer-core';
import { mockSigningEndpointKoa } from './demo/mock/mock-signing-endpoint.js';
import {
  chromiumBaseArgs,
  chromiumFakeMediaArgs,
  chromiumPath,
  firefoxFakeMediaPrefs,
  firefoxPath,
  missingChromiumMessage,
} from './scripts/browsers.mjs';
import { countReporter } from './scripts/count-reporter.mjs';
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

if (!chromiumPath) {
  console.error(missingChromiumMessage);
  process.exit(1);
}

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

/**
 * mediabunny maps its Node-only module to `false` in its `browser` field; the dev server cannot serve the empty
 * module that stands for it, so it gets one here (the browser never calls into it).
 */
const emptyNodeModule = {
  name: 'empty-node-module',
  resolveImport({ source }) {
    if (source === 'node:fs/promises' || source.endsWith('mediabunny/dist/modules/src/node.js')) return '/__empty-node-module.js';
    return undefined;
  },
  serve(context) {
    if (context.path.endsWith('/__empty-node-module.js')) return { body: 'export {};', type: 'js' };
    return undefined;
  },
};

// ONLY_BROWSER=chromium or ONLY_BROWSER=firefox narrows a run while debugging.
const only = process.env.ONLY_BROWSER;
const useChromium = only !== 'firefox';
const useFirefox = Boolean(firefoxPath) && only !== 'chromium';

const withFakeMedia = [...(useChromium ? [chromium(chromiumFakeMediaArgs)] : []), ...(useFirefox ? [firefox(firefoxFakeMediaPrefs)] : [])];

/** Fake devices, but a real refusal: Chromium without the auto-grant flag, Firefox with both permissions blocked. */
const withPermissionDenied = [
  ...(useChromium ? [chromium(['--use-fake-device-for-media-stream'])] : []),
  ...(useFirefox
    ? [firefox({ ...firefoxFakeMediaPrefs, 'media.navigator.permission.disabled': false, 'permissions.default.camera': 2, 'permissions.default.microphone': 2 })]
    : []),
];

export default {
  files: ['test/**/*.test.ts', '!test/server/**', '!test/node/**', '!test/denied/**'],
  nodeResolve: { exportConditions: ['development'] },
  plugins: [emptyNodeModule, esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' })],
  middleware: [testSettingsKoa, mockSigningEndpointKoa, mockVerificationControlKoa(loop.mock), verificationLoopKoa, flakyLivenessKoa],
  browsers: withFakeMedia,
  groups: [{ name: 'permission-denied', files: 'test/denied/**/*.test.ts', browsers: withPermissionDenied }],
  concurrency: 1,
  testFramework: { config: { timeout: 30000 } },
  // The soak (SEQUENCE_RUNS=500) runs for a long while; CI's 50 sequences fit well inside 20 minutes.
  testsFinishTimeout: Math.max(20, sequenceRuns() / 2) * 60 * 1000,
  reporters: [defaultReporter(), countReporter()],
};
