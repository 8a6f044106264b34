import type { Rng } from '../sim/rng';

/** Percentile bootstrap: resample with replacement, recompute, read the 2.5% and 97.5% quantiles. */

/** n indices drawn uniformly with replacement from [0, n). */
export function resampleIndices(n: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => Math.floor(rng.float() * n));
}

/** The central interval holding `level` of the samples (linear interpolation, as numpy.percentile). */
export function percentileInterval(samples: readonly number[], level = 0.95): { lo: number; hi: number } {
  const sorted = samples.slice().sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { lo: quantile(sorted, tail), hi: quantile(sorted, 1 - tail) };
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < sorted.length ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}
