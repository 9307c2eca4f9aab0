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

const withFakeMedia = [chromium(chromiumFakeMediaArgs), ...(firefoxPath ? [firefox(firefoxFakeMediaPrefs)] : [])];

export default {
  files: ['test/**/*.test.ts', '!test/server/**', '!test/denied/**'],
  nodeResolve: { exportConditions: ['development'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' })],
  middleware: [mockSigningEndpointKoa],
  browsers: withFakeMedia,
  concurrency: 1,
  testFramework: { config: { timeout: 30000 } },
  testsFinishTimeout: 20 * 60 * 1000,
  reporters: [defaultReporter(), countReporter()],
};
