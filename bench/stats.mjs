// Median and spread of a handful of runs. Quartiles by linear interpolation (the usual "type 7" definition).

function quantile(sorted, q) {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** `{ n, median, q1, q3, min, max }` of the finite values, or undefined when there are none. */
export function summarize(values) {
  const sorted = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/** Per-pair ratios element / floor: each pair ran back to back, so drift of a noisy machine cancels. */
export function ratios(pairs, pick) {
  return summarize(pairs.map((pair) => pick(pair.element) / pick(pair.floor)));
}
