// Settings the browser tests read from the runner's environment (the page has no process.env):
// GET /__test-settings → { sequenceRuns, sequenceSeed? }. `npm run soak` raises SEQUENCE_RUNS; CI keeps the default.
// SEQUENCE_SEED replays the sequences of a reported failure.

export const DEFAULT_SEQUENCE_RUNS = 50;

export function sequenceRuns() {
  const runs = Number(process.env.SEQUENCE_RUNS ?? DEFAULT_SEQUENCE_RUNS);
  return Number.isInteger(runs) && runs > 0 ? runs : DEFAULT_SEQUENCE_RUNS;
}

/** @param {any} context @param {() => Promise<void>} next */
export async function testSettingsKoa(context, next) {
  if (context.path !== '/__test-settings') return next();
  context.set('Cache-Control', 'no-store');
  const seed = Number(process.env.SEQUENCE_SEED);
  context.body = { sequenceRuns: sequenceRuns(), ...(Number.isInteger(seed) ? { sequenceSeed: seed } : {}) };
}
