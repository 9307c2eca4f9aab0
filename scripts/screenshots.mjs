// `npm run screenshots`: a PNG of every state of the element, at 320 px (a phone, with a portrait camera) and at
// 1280 px (a desktop, with a landscape camera), in zh-CN and en, into screenshots/ (gitignored). The states are the
// ones the tests audit (test/helpers/views.ts), rendered by the element's own pure view and stylesheet; the camera is
// Chromium's fake one. Options: --out <folder>, --docs (also rewrite the two small images the README shows).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';
import { chromiumBaseArgs, chromiumFakeMediaArgs, chromiumPath, missingChromiumMessage } from './browsers.mjs';
import { portraitCameraFile } from './portrait-camera.mjs';

const VARIANTS = [
  'idle',
  'loading',
  'ready',
  'error',
  'error-fixable',
  'preview',
  'countdown',
  'recording',
  'processing',
  'review',
  'done',
  'done-upload-cancelled',
  'uploading',
  'verified',
  'verified-failed',
];
const LANGUAGES = ['zh-CN', 'en'];
const SCREENS = [
  { name: 'phone', width: 320, height: 568, isMobile: true, portrait: true },
  { name: 'desktop', width: 1280, height: 800, isMobile: false, portrait: false },
];
/** The two the README shows: the take under way, on a phone in Chinese and on a desktop in English. */
const DOCS = [
  { screen: 'phone', lang: 'zh-CN', state: 'recording', file: 'docs/phone.png' },
  { screen: 'desktop', lang: 'en', state: 'recording', file: 'docs/desktop.png' },
];

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1] : 'screenshots';
const writeDocs = args.includes('--docs');

if (!chromiumPath) {
  console.error(missingChromiumMessage);
  process.exit(1);
}

/** A smaller PNG (64-colour palette, which the flat UI keeps), by ffmpeg; the original where ffmpeg is missing. */
function optimise(from, to) {
  const made = spawnSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    from,
    '-vf',
    'split[a][b];[a]palettegen=max_colors=64:stats_mode=full[p];[b][p]paletteuse=dither=none',
    to,
  ]);
  if (made.status !== 0) throw new Error(`ffmpeg could not optimise ${from}: ${made.stderr}`);
}

const server = await createServer({
  configFile: false,
  root: process.cwd(),
  logLevel: 'error',
  server: { host: '127.0.0.1', port: 5199, strictPort: false },
  // Only this page's imports are pre-bundled (the demos import React and Vue).
  optimizeDeps: { entries: ['scripts/screenshots/index.html'] },
});
await server.listen();
const base = `${server.resolvedUrls.local[0]}scripts/screenshots/index.html`;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let count = 0;
try {
  for (const screen of SCREENS) {
    const camera = screen.portrait ? portraitCameraFile() : undefined;
    const browser = await puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        ...chromiumBaseArgs,
        ...chromiumFakeMediaArgs,
        ...(camera ? [`--use-file-for-fake-video-capture=${camera}`] : []),
      ],
    });
    try {
      const page = await browser.newPage();
      await page.setViewport({
        width: screen.width,
        height: screen.height,
        deviceScaleFactor: 1,
        isMobile: screen.isMobile,
        hasTouch: screen.isMobile,
      });
      for (const lang of LANGUAGES) {
        for (const state of VARIANTS) {
          await page.goto(`${base}?state=${state}&lang=${lang}`);
          await page.waitForFunction(() => window.screenshotReady !== undefined, { timeout: 20000 });
          const failure = await page.evaluate(() => window.screenshotReady);
          if (failure !== true) throw new Error(`${state} (${lang}): ${failure}`);
          const file = join(out, `${screen.width}-${lang}-${state}.png`);
          await page.screenshot({ path: file, fullPage: true });
          count += 1;
          const doc = DOCS.find((each) => each.screen === screen.name && each.lang === lang && each.state === state);
          if (writeDocs && doc) {
            // The desktop image is the element alone: the page around it is empty grey.
            const element = await page.$('.view-harness');
            const raw = join(out, `readme-${screen.name}.png`);
            await (screen.isMobile
              ? page.screenshot({ path: raw, fullPage: true })
              : element.screenshot({ path: raw }));
            mkdirSync('docs', { recursive: true });
            optimise(raw, doc.file);
            console.log(`${doc.file}: ${(statSync(doc.file).size / 1024).toFixed(1)} KB`);
          }
        }
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
console.log(
  `${count} screenshots in ${out}/ (${VARIANTS.length} states x ${LANGUAGES.length} languages x ${SCREENS.map((each) => `${each.width} px`).join(' and ')})`,
);
