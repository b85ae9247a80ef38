/**
 * The distributions the lift tests need, in plain TypeScript: the normal (through erfc) and
 * Student's t (through the regularized incomplete beta function), their CDFs and quantiles.
 * Positional arguments, as in the special functions beside the purchase models.
 */
import { lnBeta } from '../customer-value/special-functions.ts';

const TINY = 1e-300;
const EPSILON = 1e-15;

/**
 * b0 + a(1) / (b(1) + a(2) / (b(2) + …)) by the modified Lentz method: it runs front to back,
 * so it stops as soon as one more term no longer changes the value, and it never divides by 0.
 */
function continuedFraction(b0: number, a: (n: number) => number, b: (n: number) => number): number {
  let value = b0 === 0 ? TINY : b0;
  let c = value;
  let d = 0;
  for (let n = 1; n <= 100_000; n += 1) {
    const an = a(n);
    const bn = b(n);
    d = bn + an * d;
    d = 1 / (Math.abs(d) < TINY ? TINY : d);
    c = bn + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    const step = c * d;
    value *= step;
    if (Math.abs(step - 1) < EPSILON) return value;
  }
  throw new Error('continued fraction did not converge');
}

/**
 * erf(x) = (2/√π) e^(−x²) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): every term positive, so no
 * cancellation, unlike the alternating Taylor series.
 */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; term > EPSILON * sum; n += 1) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/**
 * The complementary error function to about 1e-15 relative, tails included (p-values of 1e-12
 * must not read as 0). Below 2, 1 − erf(x) loses nothing that matters, as erfc(2) ≈ 0.005;
 * above, Laplace's continued fraction keeps the tail's digits and converges fast.
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x === Infinity) return 0;
  if (x < 2) return 1 - erfSeries(x);
  return (
    Math.exp(-x * x) /
    Math.sqrt(Math.PI) /
    continuedFraction(
      x,
      (n) => n / 2,
      () => x,
    )
  );
}

export const normalCdf = (z: number) => 0.5 * erfc(-z / Math.SQRT2);

/** P(|Z| ≥ |z|), computed in the tail so that small p-values keep their digits. */
export const normalTwoSidedP = (z: number) => erfc(Math.abs(z) / Math.SQRT2);

/**
 * The x with cdf(x) = p, by bisection: some 50 halvings to full precision, a cost the CDFs here
 * can bear, and it cannot diverge as Newton's method can in a tail.
 */
function invert(cdf: (x: number) => number, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`a quantile needs 0 < p < 1, not ${p}`);
  let lower = -1;
  let upper = 1;
  while (cdf(lower) > p) lower *= 2;
  while (cdf(upper) < p) upper *= 2;
  while (upper - lower > 1e-15 * Math.max(1, Math.abs(lower), Math.abs(upper))) {
    const middle = (lower + upper) / 2;
    if (cdf(middle) < p) lower = middle;
    else upper = middle;
  }
  return (lower + upper) / 2;
}

export const normalQuantile = (p: number) => invert(normalCdf, p);

/**
 * I_x(a, b), the regularized incomplete beta function, by its continued fraction. `y` is 1 − x,
 * passed in when the caller can compute it without cancellation.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, y = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  // The fraction converges fast left of about the distribution's mean; right of it, use the symmetry.
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedIncompleteBeta(y, b, a, x);
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - lnBeta(a, b)) / a;
  const term = (n: number) => {
    const m = Math.floor(n / 2);
    return n % 2 === 1
      ? -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
      : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
  };
  return front / continuedFraction(1, term, () => 1);
}

/**
 * Beyond this many degrees of freedom t and the normal agree to 1e-7, and ln B(df/2, 1/2) loses
 * more than that to rounding.
 */
const NORMAL_BEYOND_DF = 1e7;

/** P(|T| ≥ |t|) for Student's t with df > 0 degrees of freedom (not necessarily whole: Welch's is not). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (df > NORMAL_BEYOND_DF) return normalTwoSidedP(t);
  if (!Number.isFinite(t)) return 0;
  // With x = df / (df + t²), P(|T| ≥ |t|) = I_x(df/2, 1/2).
  const square = t * t;
  return regularizedIncompleteBeta(df / (df + square), df / 2, 0.5, square / (df + square));
}

export function studentTCdf(t: number, df: number): number {
  const tail = studentTTwoSidedP(t, df) / 2;
  return t > 0 ? 1 - tail : tail;
}

export const studentTQuantile = (p: number, df: number) => invert((t) => studentTCdf(t, df), p);
