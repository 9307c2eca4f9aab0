// Records about one second in WebKit (MiniBrowser's mock camera and microphone) through MediaRecorder, exactly as
// WebKitGTK writes it, into test/fixtures/webkit-mediarecorder.mp4: the real file the box-repair test reads.
// Run again only to refresh the fixture: `node scripts/record-webkit-fixture.mjs`. For a look at longer or larger
// takes: `node scripts/record-webkit-fixture.mjs --seconds 3 --size 1280x720 --out /tmp/take.mp4`.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { webkitFakeMediaArgs, webkitNoGestureArgs } from './browsers.mjs';
import { startWebkitDriver, webkitCapabilities } from './webkit-launcher.mjs';

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '1' },
    size: { type: 'string', default: '320x240' },
    out: { type: 'string' },
  },
});
const output = options.out ?? new URL('../test/fixtures/webkit-mediarecorder.mp4', import.meta.url).pathname;
const [width, height] = options.size.split('x').map(Number);

// Small and short, so the fixture stays a few tens of KB; the recorder's box layout does not depend on size.
const page = `<!doctype html><script type="module">
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: ${width}, height: ${height} }, audio: true });
  const recorder = new MediaRecorder(stream, { mimeType: 'video/mp4', videoBitsPerSecond: 150000, audioBitsPerSecond: 32000 });
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  recorder.onstop = async () => {
    for (const track of stream.getTracks()) track.stop();
    await fetch('/take', { method: 'POST', body: new Blob(chunks) });
    document.title = 'sent';
  };
  recorder.start();
  setTimeout(() => recorder.stop(), ${Number(options.seconds) * 1000});
</script>`;

let received;
const taken = new Promise((resolve) => (received = resolve));
const server = createServer((request, response) => {
  if (request.method === 'POST') {
    const parts = [];
    request.on('data', (part) => parts.push(part));
    request.on('end', () => {
      received(Buffer.concat(parts));
      response.end();
    });
    return;
  }
  response.setHeader('content-type', 'text/html');
  response.end(page);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

/** Plain WebDriver over HTTP: three calls do not need a client library. */
async function webdriver(port, method, path, body) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(answer.value)}`);
  return answer.value;
}

const driver = await startWebkitDriver();
try {
  const { 'wdio:enforceWebDriverClassic': _, ...capabilities } = webkitCapabilities([
    ...webkitFakeMediaArgs,
    ...webkitNoGestureArgs,
  ]);
  const { sessionId } = await webdriver(driver.port, 'POST', '/session', {
    capabilities: { alwaysMatch: capabilities },
  });
  try {
    await webdriver(driver.port, 'POST', `/session/${sessionId}/url`, {
      url: `http://127.0.0.1:${server.address().port}/`,
    });
    const bytes = await Promise.race([
      taken,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no take within 20 s')), 20000)),
    ]);
    if (bytes.length === 0) throw new Error('WebKit wrote an empty take (is the GStreamer shim missing?)');
    writeFileSync(output, bytes);
    console.log(`${bytes.length} bytes written to ${output}`);
  } finally {
    await webdriver(driver.port, 'DELETE', `/session/${sessionId}`);
  }
} finally {
  await driver.stop();
  server.close();
}
