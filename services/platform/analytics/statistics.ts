/**
 * Journey lift, measured: treated customers against the holdout, or one A/B variant against
 * another. Conversion compares two proportions, revenue per customer two means. The inputs are
 * counts and sums because the report aggregates them in SQL. Every result is JSON-safe: where a
 * number cannot be had (no customers on a side), it is null, never NaN or Infinity.
 */
import { normalQuantile, normalTwoSidedP, studentTQuantile, studentTTwoSidedP } from './distributions.ts';

export interface Interval {
  lower: number;
  upper: number;
}

export interface Conversions {
  n: number;
  conversions: number;
}

/** Sufficient statistics of one group's revenue per customer (non-buyers count, with 0). */
export interface Sums {
  n: number;
  sum: number;
  sumOfSquares: number;
}

interface Test {
  /** Treated minus control. */
  difference: number | null;
  /** difference / control's value; null when that is 0, which no lift can be relative to. */
  relativeLift: number | null;
  pValue: number | null;
  confidence: number;
  /** Confidence interval for the difference. */
  interval: Interval | null;
  /** pValue < 1 − confidence. */
  significant: boolean;
}

export interface ProportionComparison extends Test {
  kind: 'proportions';
  control: Conversions & { rate: number | null };
  treated: Conversions & { rate: number | null };
  z: number | null;
}

export interface MeanComparison extends Test {
  kind: 'means';
  control: Sums & { mean: number | null; variance: number | null };
  treated: Sums & { mean: number | null; variance: number | null };
  standardError: number | null;
  t: number | null;
  degreesOfFreedom: number | null;
}

const untested = { difference: null, relativeLift: null, pValue: null, interval: null, significant: false };

/** Two-proportion z-test of the conversion rates, and a Wald interval for their difference. */
export function compareProportions({
  control,
  treated,
  confidence = 0.95,
}: {
  control: Conversions;
  treated: Conversions;
  confidence?: number;
}): ProportionComparison {
  const critical = upperTail(confidence);
  for (const [side, group] of [['control', control] as const, ['treated', treated] as const]) {
    if (!isCount(group.n) || !isCount(group.conversions) || group.conversions > group.n)
      throw new RangeError(`${side}: conversions must be whole numbers from 0 to n, not ${group.conversions} of ${group.n}`);
  }
  const rate = (group: Conversions) => (group.n > 0 ? group.conversions / group.n : null);
  const [controlRate, treatedRate] = [rate(control), rate(treated)];
  const groups = { kind: 'proportions' as const, control: { ...control, rate: controlRate }, treated: { ...treated, rate: treatedRate } };
  if (controlRate === null || treatedRate === null) return { ...groups, ...untested, z: null, confidence };

  const difference = treatedRate - controlRate;
  // The test asks whether both groups could share one rate, so its standard error assumes they
  // do (pooled); the interval describes the difference as observed, so its error does not.
  const pooled = (control.conversions + treated.conversions) / (control.n + treated.n);
  const pooledError = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / treated.n));
  // A pooled error of 0 means nobody, or everybody, converted on both sides: no difference at all.
  const z = pooledError === 0 ? 0 : difference / pooledError;
  const pValue = normalTwoSidedP(z);
  const margin = normalQuantile(critical) * Math.sqrt(variance(controlRate) / control.n + variance(treatedRate) / treated.n);
  return {
    ...groups,
    difference,
    relativeLift: controlRate === 0 ? null : difference / controlRate,
    z,
    pValue,
    confidence,
    interval: { lower: difference - margin, upper: difference + margin },
    significant: pValue < 1 - confidence,
  };
}

/** Welch's t-test of revenue per customer (no assumption of equal variances), with its t interval. */
export function compareMeans({
  control,
  treated,
  confidence = 0.95,
}: {
  control: Sums;
  treated: Sums;
  confidence?: number;
}): MeanComparison {
  const critical = upperTail(confidence);
  const [c, t] = [describe('control', control), describe('treated', treated)];
  const groups = { kind: 'means' as const, control: c, treated: t };
  const none = { standardError: null, t: null, degreesOfFreedom: null, confidence };
  if (c.mean === null || t.mean === null) return { ...groups, ...untested, ...none };
  const difference = t.mean - c.mean;
  const relativeLift = c.mean === 0 ? null : difference / c.mean;
  // With fewer than two customers on a side there is no variance, hence nothing to test against.
  if (c.variance === null || t.variance === null) return { ...groups, ...untested, ...none, difference, relativeLift };

  const [controlShare, treatedShare] = [c.variance / c.n, t.variance / t.n];
  const standardError = Math.sqrt(controlShare + treatedShare);
  if (standardError === 0) {
    // Every customer on each side spent the same: the data leave no doubt either way.
    const interval = { lower: difference, upper: difference };
    return {
      ...groups,
      ...none,
      difference,
      relativeLift,
      standardError,
      pValue: difference === 0 ? 1 : 0,
      interval,
      significant: difference !== 0,
    };
  }
  const tStatistic = difference / standardError;
  // Welch–Satterthwaite: the degrees of freedom of a t that the unequal-variance statistic is close to.
  const degreesOfFreedom = (controlShare + treatedShare) ** 2 / (controlShare ** 2 / (c.n - 1) + treatedShare ** 2 / (t.n - 1));
  const pValue = studentTTwoSidedP(tStatistic, degreesOfFreedom);
  const margin = studentTQuantile(critical, degreesOfFreedom) * standardError;
  return {
    ...groups,
    difference,
    relativeLift,
    standardError,
    t: tStatistic,
    degreesOfFreedom,
    pValue,
    confidence,
    interval: { lower: difference - margin, upper: difference + margin },
    significant: pValue < 1 - confidence,
  };
}

/**
 * The smallest true difference in conversion rate (absolute) that a two-sided test at
 * `confidence` finds with probability `power`, with `control` and `treated` customers and a
 * baseline rate; null with no customers on a side.
 */
export function minimumDetectableEffect({
  control,
  treated,
  baselineRate,
  confidence = 0.95,
  power = 0.8,
}: {
  control: number;
  treated: number;
  baselineRate: number;
  confidence?: number;
  power?: number;
}): number | null {
  if (!(baselineRate >= 0 && baselineRate <= 1)) throw new RangeError(`the baseline rate must be from 0 to 1, not ${baselineRate}`);
  if (!(control > 0 && treated > 0)) return null;
  return detectableDifference({ standardError: Math.sqrt(variance(baselineRate) * (1 / control + 1 / treated)), confidence, power });
}

/** (z_{1−α/2} + z_power) × the standard error of the difference: the normal approximation to power. */
export function detectableDifference({ standardError, confidence, power }: { standardError: number; confidence: number; power: number }) {
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be between 0 and 1, not ${power}`);
  return (normalQuantile(upperTail(confidence)) + normalQuantile(power)) * standardError;
}

const variance = (rate: number) => rate * (1 - rate);
const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/** The probability below a two-sided test's critical value: 0.975 for 95%. */
function upperTail(confidence: number) {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, not ${confidence}`);
  return 1 - (1 - confidence) / 2;
}

function describe(side: string, group: Sums): MeanComparison['control'] {
  if (!isCount(group.n) || !Number.isFinite(group.sum) || !(group.sumOfSquares >= 0 && Number.isFinite(group.sumOfSquares)))
    throw new RangeError(`${side}: n must be a whole number and the sums finite, not ${JSON.stringify(group)}`);
  const mean = group.n > 0 ? group.sum / group.n : null;
  if (group.n < 2) return { ...group, mean, variance: null };
  // Σx² − (Σx)²/n cancels: what is left below 1e-10 of Σx² (a coefficient of variation under
  // 0.001%) is rounding, not spread, and is read as none.
  const squaredDeviations = group.sumOfSquares - (group.sum * group.sum) / group.n;
  const spread = squaredDeviations > 1e-10 * group.sumOfSquares ? squaredDeviations : 0;
  return { ...group, mean, variance: spread / (group.n - 1) };
}
