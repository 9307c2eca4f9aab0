// A test-runner command that turns the page into a phone screen: `executeServerCommand('phone-viewport',
// { width, height })`, and `null` to turn it back. Chromium gets its real mobile emulation over CDP (a touch
// screen of that width at 2 device pixels per CSS pixel, which honours <meta name="viewport">, as a phone does);
// Firefox a viewport of that size. @web/test-runner-commands' setViewport refuses `isMobile` because puppeteer
// reloads the page for it, which would restart the test: a CDP session of our own sets it without a reload.

/** Chromium's CDP sessions by test session: ending one clears its emulation. */
const emulations = new Map();

async function emulateChromium(page, sessionId, size) {
  await emulations
    .get(sessionId)
    ?.detach()
    .catch(() => {});
  emulations.delete(sessionId);
  if (!size) return;
  const cdp = await page.createCDPSession();
  emulations.set(sessionId, cdp);
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: size.width,
    height: size.height,
    deviceScaleFactor: 2,
    mobile: true,
  });
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
}

/** Chromium answers "HeadlessChrome/156…", Firefox "firefox/153…". */
async function isChromium(page) {
  return /chrom/i.test(await page.browser().version());
}

export function phoneViewportPlugin() {
  return {
    name: 'phone-viewport-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'phone-viewport') return undefined;
      const size = payload ?? null;
      if (size && !(Number.isInteger(size.width) && Number.isInteger(size.height))) {
        throw new Error('phone-viewport takes { width, height } in whole CSS pixels, or null');
      }
      // WebKit's MiniBrowser (WebDriver) has no device emulation, and its toolbar keeps the window at least 447 px
      // wide: it answers false, and the test lays the page out in a frame of the phone's size instead.
      if (session.browser.type !== 'puppeteer') return false;
      const page = session.browser.getPage(session.id);
      if (await isChromium(page)) await emulateChromium(page, session.id, size);
      else await page.setViewport(size);
      return true;
    },
  };
}
