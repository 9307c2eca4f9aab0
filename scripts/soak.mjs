// `npm run soak`: the random-sequence property (test/fuzz/sequences.test.ts) at soak strength: SOAK_SEQUENCES
// sequences per engine (500 unless set), in every engine the runner has, run as rounds of SEQUENCE_RUNS (100) with
// fresh seeds so each round stays well inside the runner's time limits and the count so far is printed after each.
// A single invariant break or model mismatch stops the soak with the steps that led to it and the seed to replay
// them (SEQUENCE_SEED=<seed>).
import { spawnSync } from 'node:child_process';

const total = Number(process.env.SOAK_SEQUENCES ?? 500);
const round = Number(process.env.SEQUENCE_RUNS ?? 100);
const started = performance.now();
const minutes = () => ((performance.now() - started) / 60000).toFixed(1);

let done = 0;
while (done < total) {
  const runs = Math.min(round, total - done);
  const result = spawnSync('npx', ['web-test-runner', 'test/fuzz/sequences.test.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, SEQUENCE_RUNS: String(runs) },
  });
  if (result.status !== 0) {
    console.log(`Soak: FAILED in a round of ${runs} after ${done} sequences per engine passed (${minutes()} min).`);
    process.exit(1);
  }
  done += runs;
  console.log(`Soak: ${done} of ${total} sequences per engine, 0 invariant breaks (${minutes()} min).`);
}
console.log(`Soak: ${done} sequences per engine, 0 invariant breaks, in ${minutes()} min.`);
