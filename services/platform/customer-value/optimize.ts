/**
 * Maximum likelihood, small and dependable: Nelder–Mead over the logarithms of positive
 * parameters, then standard errors from the inverse of the numerical Hessian at the optimum.
 */

export interface Fit {
  params: number[];
  /** Log-likelihood at the optimum. */
  logLikelihood: number;
  /** Standard error of each parameter (NaN where the Hessian is not invertible). */
  standardErrors: number[];
  iterations: number;
}

/** Minimises f by Nelder–Mead from `start`. */
export function nelderMead(f: (x: number[]) => number, start: number[], options: { maxIterations?: number; tolerance?: number } = {}) {
  const { maxIterations = 5_000, tolerance = 1e-10 } = options;
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((value, j) => (i === j ? value + 0.5 : value)))].map((x) => ({ x, fx: f(x) }));
  let iterations = 0;
  const combine = (a: number[], b: number[], t: number) => a.map((value, i) => value + t * (b[i]! - value));
  for (; iterations < maxIterations; iterations += 1) {
    simplex.sort((p, q) => p.fx - q.fx);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.fx - best.fx) <= tolerance * (Math.abs(best.fx) + tolerance)) break;
    const centroid = start.map((_, i) => simplex.slice(0, n).reduce((sum, p) => sum + p.x[i]!, 0) / n);
    const reflected = combine(centroid, worst.x, -1);
    const fr = f(reflected);
    if (fr < best.fx) {
      const expanded = combine(centroid, worst.x, -2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { x: expanded, fx: fe } : { x: reflected, fx: fr };
    } else if (fr < simplex[n - 1]!.fx) {
      simplex[n] = { x: reflected, fx: fr };
    } else {
      const contracted = fr < worst.fx ? combine(centroid, reflected, 0.5) : combine(centroid, worst.x, 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, worst.fx)) simplex[n] = { x: contracted, fx: fc };
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: combine(best.x, p.x, 0.5), fx: f(combine(best.x, p.x, 0.5)) }));
    }
  }
  simplex.sort((p, q) => p.fx - q.fx);
  return { x: simplex[0]!.x, fx: simplex[0]!.fx, iterations };
}

/** Second derivatives of f at x by central differences. */
function hessian(f: (x: number[]) => number, x: number[]): number[][] {
  const n = x.length;
  const h = x.map((value) => 1e-4 * Math.max(Math.abs(value), 1e-3));
  const at = (di: number, dj: number, i: number, j: number) =>
    f(x.map((value, k) => value + (k === i ? di * h[i]! : 0) + (k === j ? dj * h[j]! : 0)));
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (at(1, 1, i, j) - at(1, -1, i, j) - at(-1, 1, i, j) + at(-1, -1, i, j)) / (4 * h[i]! * h[j]!)),
  );
}

/** The inverse of a small square matrix (Gauss–Jordan), or null when singular. */
export function invert(matrix: number[][]): number[][] | null {
  const n = matrix.length;
  const m = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < n; row += 1) if (Math.abs(m[row]![col]!) > Math.abs(m[pivot]![col]!)) pivot = row;
    if (Math.abs(m[pivot]![col]!) < 1e-300) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const divisor = m[col]![col]!;
    m[col] = m[col]!.map((value) => value / divisor);
    for (let row = 0; row < n; row += 1) {
      if (row === col) continue;
      const factor = m[row]![col]!;
      m[row] = m[row]!.map((value, k) => value - factor * m[col]![k]!);
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * The parameters (all positive) that maximise `logLikelihood`, searched on their logarithms
 * from `start`; standard errors from the observed information at the optimum.
 */
export function maximiseLikelihood(logLikelihood: (params: number[]) => number, start: number[]): Fit {
  const negative = (logs: number[]) => {
    const value = -logLikelihood(logs.map(Math.exp));
    return Number.isFinite(value) ? value : Number.MAX_VALUE;
  };
  const found = nelderMead(negative, start.map(Math.log));
  // A restart from the optimum escapes the rare collapsed simplex.
  const polished = nelderMead(negative, found.x);
  const params = polished.x.map(Math.exp);
  const covariance = invert(hessian((p) => -logLikelihood(p), params));
  return {
    params,
    logLikelihood: -polished.fx,
    standardErrors: params.map((_, i) => {
      const variance = covariance?.[i]?.[i];
      return variance !== undefined && variance > 0 ? Math.sqrt(variance) : Number.NaN;
    }),
    iterations: found.iterations + polished.iterations,
  };
}
