// For test/node/webkit-rerun.test.ts only: `/__attempt?name=x` answers how many times it has been asked about x,
// counted in a file under LIVENESS_ATTEMPTS_DIR, so a page can behave differently in a second web-test-runner
// process (the re-run of a lost file). Without that variable it serves nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function attemptCounterKoa(context, next) {
  const folder = process.env.LIVENESS_ATTEMPTS_DIR;
  const name = context.query.name;
  if (!folder || context.path !== '/__attempt' || typeof name !== 'string' || !/^[\w-]+$/.test(name)) return next();
  const file = join(folder, name);
  const attempt = (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0) + 1;
  writeFileSync(file, String(attempt));
  context.body = { attempt };
}
