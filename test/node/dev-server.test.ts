// `npm start` on a fresh clone: the dev server's dependency scan must finish without a warning. `--force` throws away
// any earlier scan, as a fresh clone has none; the scan's own debug lines say when it is over, so nothing waits on time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../examples/processes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Either end of the scan: the dependencies were bundled, or Vite gave up on them. */
const SCAN_OVER = /Dependencies bundled|Failed to run dependency scan|Skipping dependency pre-bundling/;

test('the dev server scans its dependencies without a warning', async () => {
  const port = await freePort();
  const vite = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', '--port', String(port), '--strictPort', '--force'],
    {
      cwd: ROOT,
      env: { ...process.env, DEBUG: 'vite:deps' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (SCAN_OVER.test(output)) resolve();
      };
      vite.stdout!.on('data', collect);
      vite.stderr!.on('data', collect);
      vite.on('error', reject);
      vite.on('close', (code) => reject(new Error(`vite ended (${code}) before its scan was over:\n${output}`)));
    });
  } finally {
    process.kill(-vite.pid!, 'SIGTERM');
  }
  const warnings = output.split('\n').filter((line) => line.includes('(!)') || /\bFailed\b/.test(line));
  assert.deepEqual(warnings, [], `the dev server warned:\n${output}`);
});
