/**
 * The lift statistics against reference values (mpmath at 30 digits, closed forms, sums worked
 * by hand) and against simulated experiments whose truth is known: they find an effect that
 * is there, and with none they cry wolf about as often as their confidence says (5%).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../customer-value/simulate.ts';
import { erfc, normalCdf, normalQuantile, studentTCdf, studentTQuantile, studentTTwoSidedP } from './distributions.ts';
import { compareMeans, compareProportions, minimumDetectableEffect, type Sums } from './statistics.ts';
import { verdict } from './verdict.ts';

const close = (actual: number | null, expected: number, tolerance: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

type Random = () => number;
const convert = (random: Random, n: number, rate: number) => ({ n, conversions: countWhere(n, () => random() < rate) });
const countWhere = (n: number, draw: () => boolean) => Array.from({ length: n }, draw).filter(Boolean).length;

/** Revenue per customer: a purchase with probability `rate`, its value lognormal (median `median`, log-sd 0.8). */
function spend(random: Random, n: number, rate: number, median: number): Sums {
  const sums = { n, sum: 0, sumOfSquares: 0 };
  for (let i = 0; i < n; i += 1) {
    if (random() >= rate) continue;
    const standardNormal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const value = median * Math.exp(0.8 * standardNormal);
    sums.sum += value;
    sums.sumOfSquares += value * value;
  }
  return sums;
}
const meanSpend = (rate: number, median: number) => rate * median * Math.exp(0.8 ** 2 / 2);

function shareOfRuns(runs: number, significant: () => boolean) {
  return countWhere(runs, significant) / runs;
}

describe('normal and Student t distributions', () => {
  it('match reference values, tails included, to 1e-9 or better', () => {
    close(normalCdf(1.96), 0.9750021048517796, 1e-12);
    close(normalQuantile(0.975), 1.959963984540054, 1e-12);
    close(normalQuantile(0.8), 0.8416212335729142, 1e-12);
    // Relative, in the tails: a p-value of 1e-12 must keep its digits.
    close(erfc(5) / 1.537459794428035e-12, 1, 1e-12);
    close(normalCdf(-8) / 6.220960574271784e-16, 1, 1e-12);
    close(studentTTwoSidedP(2, 10), 0.07338803477074037, 1e-12);
    close(studentTQuantile(0.975, 10), 2.228138851986275, 1e-12);
    close(studentTTwoSidedP(3, 5000) / 0.002713109024285794, 1, 1e-9);
    close(studentTTwoSidedP(0.5, 2.5), 0.6576979198697147, 1e-12);
    // Closed forms: t with 1 degree of freedom is Cauchy; with 2, F(t) = 1/2 + t / (2√(2 + t²)).
    close(studentTCdf(3, 1), 0.5 + Math.atan(3) / Math.PI, 1e-14);
    close(studentTCdf(-0.7, 2), 0.5 - 0.7 / (2 * Math.sqrt(2.49)), 1e-14);
  });
});

describe('comparing conversion rates', () => {
  it('gives the z-test and interval worked by hand for 200/5,000 against 300/5,000', () => {
    // Rates 0.04 and 0.06: difference 0.02, relative lift 0.02 / 0.04 = 0.5.
    // Pooled rate 500 / 10,000 = 0.05; pooled SE = √(0.05 × 0.95 × (1/5,000 + 1/5,000)) = √0.000019
    // = 0.00435890; z = 0.02 / 0.00435890 = 4.58831; two-sided p = erfc(4.58831 / √2) = 4.4684e-6.
    // Unpooled SE = √((0.04 × 0.96 + 0.06 × 0.94) / 5,000) = √0.00001896 = 0.00435431;
    // 95% interval 0.02 ± 1.959964 × 0.00435431 = 0.02 ± 0.00853429 = [0.0114657, 0.0285343].
    const result = compareProportions({ control: { n: 5000, conversions: 200 }, treated: { n: 5000, conversions: 300 } });
    close(result.difference, 0.02, 1e-12);
    close(result.relativeLift, 0.5, 1e-12);
    close(result.z, 4.58831, 1e-5);
    close(result.pValue! / 4.4684e-6, 1, 1e-4);
    close(result.interval!.lower, 0.0114657, 1e-7);
    close(result.interval!.upper, 0.0285343, 1e-7);
    assert.equal(result.significant, true);
  });

  it('finds a real lift from 4% to 6% with 5,000 customers each, its interval holding the true 0.02', () => {
    const random = seededRandom(15);
    const result = compareProportions({ control: convert(random, 5000, 0.04), treated: convert(random, 5000, 0.06) });
    assert.ok(result.pValue! < 0.05, `p = ${result.pValue}`);
    assert.ok(result.interval!.lower < 0.02 && 0.02 < result.interval!.upper, JSON.stringify(result.interval));
  });

  it('has its 95% interval hold the true difference in about 95% of 2,000 simulated experiments', (t) => {
    const random = seededRandom(16);
    const coverage = shareOfRuns(2000, () => {
      const { interval } = compareProportions({ control: convert(random, 5000, 0.04), treated: convert(random, 5000, 0.06) });
      return interval!.lower < 0.02 && 0.02 < interval!.upper;
    });
    t.diagnostic(`coverage of the 95% interval: ${(coverage * 100).toFixed(1)}%`);
    assert.ok(coverage >= 0.935 && coverage <= 0.965);
  });

  it('calls about 5% of 2,000 experiments without an effect (5% against 5%) significant', (t) => {
    const random = seededRandom(17);
    const falsePositives = shareOfRuns(
      2000,
      () => compareProportions({ control: convert(random, 5000, 0.05), treated: convert(random, 5000, 0.05) }).significant,
    );
    t.diagnostic(`false-positive rate: ${(falsePositives * 100).toFixed(2)}%`);
    assert.ok(falsePositives >= 0.035 && falsePositives <= 0.065);
  });
});

describe('comparing revenue per customer (Welch)', () => {
  it('gives the test worked by hand for 1, 2, 3, 4, 5 against 2, 4, 6, 8, 10', () => {
    // Means 3 and 6; variances (55 − 15²/5) / 4 = 2.5 and (220 − 30²/5) / 4 = 10.
    // SE = √(2.5/5 + 10/5) = √2.5 = 1.581139; t = 3 / 1.581139 = 1.897367.
    // df = 2.5² / ((2.5/5)² / 4 + (10/5)² / 4) = 6.25 / 1.0625 = 5.882353.
    // p and t quantile 0.975 at that df (2.458824) from mpmath: interval 3 ± 2.458824 × 1.581139.
    const result = compareMeans({ control: { n: 5, sum: 15, sumOfSquares: 55 }, treated: { n: 5, sum: 30, sumOfSquares: 220 } });
    assert.deepEqual([result.control.variance, result.treated.variance], [2.5, 10]);
    close(result.t, 1.897367, 1e-6);
    close(result.degreesOfFreedom, 5.882353, 1e-6);
    close(result.pValue, 0.1075312, 1e-7);
    close(result.interval!.lower, -0.8877416, 1e-7);
    close(result.interval!.upper, 6.8877416, 1e-7);
    assert.equal(result.significant, false);
  });

  it('calls about 5% of 2,000 experiments with the same spending in both groups significant', (t) => {
    const random = seededRandom(18);
    const falsePositives = shareOfRuns(
      2000,
      () => compareMeans({ control: spend(random, 5000, 0.1, 50), treated: spend(random, 5000, 0.1, 50) }).significant,
    );
    t.diagnostic(`false-positive rate: ${(falsePositives * 100).toFixed(2)}%`);
    assert.ok(falsePositives >= 0.035 && falsePositives <= 0.065);
  });

  it('finds more buyers (13% against 10%) in revenue per customer, its interval holding the true difference', (t) => {
    const random = seededRandom(19);
    const truth = meanSpend(0.13, 50) - meanSpend(0.1, 50);
    const result = compareMeans({ control: spend(random, 5000, 0.1, 50), treated: spend(random, 5000, 0.13, 50) });
    assert.ok(result.pValue! < 0.05, `p = ${result.pValue}`);
    assert.ok(result.interval!.lower < truth && truth < result.interval!.upper, `${truth} outside ${JSON.stringify(result.interval)}`);
    const power = shareOfRuns(
      500,
      () => compareMeans({ control: spend(random, 5000, 0.1, 50), treated: spend(random, 5000, 0.13, 50) }).significant,
    );
    t.diagnostic(`found in ${(power * 100).toFixed(1)}% of 500 experiments`);
    assert.ok(power >= 0.85);
  });
});

describe('minimum detectable effect', () => {
  it('is (1.959964 + 0.841621) × √(0.05 × 0.95 × 2/5,000) = 1.2212 points at 5% with 5,000 each', () => {
    close(minimumDetectableEffect({ control: 5000, treated: 5000, baselineRate: 0.05 }), 0.0122118, 1e-7);
  });

  it('is found about 80% of the time when it is the true effect', (t) => {
    const random = seededRandom(20);
    const effect = minimumDetectableEffect({ control: 5000, treated: 5000, baselineRate: 0.05 })!;
    const power = shareOfRuns(
      1000,
      () => compareProportions({ control: convert(random, 5000, 0.05), treated: convert(random, 5000, 0.05 + effect) }).significant,
    );
    t.diagnostic(`power at the minimum detectable effect: ${(power * 100).toFixed(1)}%`);
    // Somewhat under 80% (about 76% in theory): the formula gives the treated group the baseline's variance.
    assert.ok(power >= 0.72 && power <= 0.82);
  });
});

describe('edge cases', () => {
  const jsonSafe = (value: unknown) => assert.deepEqual(JSON.parse(JSON.stringify(value)), value);

  it('give finite numbers or nulls, never NaN, and a sentence without NaN', () => {
    const proportions = [
      [0, 0, 0, 0],
      [0, 0, 100, 5],
      [100, 0, 100, 0],
      [100, 100, 100, 100],
      [50, 0, 50, 50],
      [1, 1, 1, 0],
    ].map(([cn, cc, tn, tc]) =>
      compareProportions({ control: { n: cn!, conversions: cc! }, treated: { n: tn!, conversions: tc! }, confidence: 0.99 }),
    );
    const means = [
      [0, 0, 0, 0, 0, 0],
      [1, 5, 25, 10, 80, 700],
      [3, 0, 0, 4, 40, 400],
      [3, 30, 300, 4, 40, 400],
      [3, 0.3, 0.03, 3, 0.3, 0.03],
      [2, 0, 0, 5, 15, 55],
    ].map(([cn, cs, cq, tn, ts, tq]) =>
      compareMeans({ control: { n: cn!, sum: cs!, sumOfSquares: cq! }, treated: { n: tn!, sum: ts!, sumOfSquares: tq! } }),
    );
    for (const comparison of [...proportions, ...means]) {
      jsonSafe(comparison);
      assert.doesNotMatch(verdict({ comparison }), /NaN|Infinity|undefined|null/);
    }
    assert.equal(proportions[0]!.pValue, null);
    assert.deepEqual([proportions[2]!.pValue, proportions[3]!.pValue, proportions[2]!.relativeLift], [1, 1, null]);
    assert.deepEqual([means[1]!.pValue, means[1]!.interval, means[1]!.difference], [null, null, 3]);
    assert.deepEqual([means[2]!.pValue, means[2]!.significant, means[3]!.pValue, means[4]!.control.variance], [0, true, 1, 0]);
    assert.equal(minimumDetectableEffect({ control: 0, treated: 10, baselineRate: 0.05 }), null);
  });

  it('refuse inputs that cannot be counts', () => {
    assert.throws(
      () => compareProportions({ control: { n: 10, conversions: 11 }, treated: { n: 10, conversions: 1 } }),
      /control: conversions/,
    );
    assert.throws(
      () => compareProportions({ control: { n: 10, conversions: 1 }, treated: { n: 10, conversions: 1 }, confidence: 1 }),
      RangeError,
    );
    assert.throws(
      () => compareMeans({ control: { n: 1.5, sum: 1, sumOfSquares: 1 }, treated: { n: 2, sum: 1, sumOfSquares: 1 } }),
      RangeError,
    );
  });
});

describe('verdict', () => {
  const holdoutOf = (control: number, treated: number, n = 5000) =>
    compareProportions({ control: { n, conversions: control }, treated: { n, conversions: treated } });
  const variants = { control: 'Variant A', treated: 'Variant B' };

  it('says the journey works when treated customers convert significantly more', () => {
    assert.equal(
      verdict({ comparison: holdoutOf(200, 305) }),
      'Treated customers converted at 6.1% against 4.0% in the holdout: +2.1 points (95% CI +1.2 to +3.0), p < 0.0001: the journey works.',
    );
    assert.match(verdict({ comparison: holdoutOf(200, 305), variants }), /: Variant B does better than Variant A\.$/);
  });

  it('says the journey seems to hurt when they convert significantly less', () => {
    assert.equal(
      verdict({ comparison: holdoutOf(200, 150) }),
      'The journey seems to hurt: treated customers converted at 3.0% against 4.0% in the holdout: −1.0 points (95% CI −1.7 to −0.3), p = 0.0065.',
    );
  });

  it('asks to wait when the sample cannot yet detect a 10% lift', () => {
    assert.equal(
      verdict({ comparison: holdoutOf(32, 34, 800) }),
      'No difference shown yet (4.3% treated against 4.0% in the holdout, p = 0.8): with 800 customers per group the test can only detect a change of 2.7 points or more; wait for more customers.',
    );
  });

  it('says there is likely no difference worth having when the sample could have detected one', () => {
    assert.equal(
      verdict({ comparison: holdoutOf(2000, 2010, 50_000), variants }),
      'No meaningful difference (4.0% for Variant B against 4.0% for Variant A, 95% CI −0.2 to +0.3 points, p = 0.87): with 50,000 customers per group a change of 0.3 points would have shown; Variant A and Variant B likely perform the same.',
    );
  });

  it('speaks of money for revenue per customer', () => {
    const comparison = compareMeans({
      control: { n: 5000, sum: 5000 * 3.5, sumOfSquares: 5000 * (3.5 ** 2 + 400) },
      treated: { n: 5000, sum: 5000 * 4.3, sumOfSquares: 5000 * (4.3 ** 2 + 400) },
    });
    assert.equal(
      verdict({ comparison, currency: 'EUR' }),
      'Treated customers spent €4.30 per customer against €3.50 in the holdout: +€0.80 (95% CI +€0.02 to +€1.58), p = 0.046: the journey works.',
    );
  });
});
