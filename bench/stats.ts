/** Summary statistics for the benchmark's samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const perSecond = (count: number, ms: number) => Math.round((count * 1000) / ms);

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** [min, max] of the samples. */
export const spread = (samples: readonly number[]): [number, number] => [Math.min(...samples), Math.max(...samples)];
