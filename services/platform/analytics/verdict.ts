/**
 * One sentence a marketer reads, from a comparison. Four outcomes:
 * 1. significant and positive: the journey (or variant) works;
 * 2. significant and negative: it seems to hurt;
 * 3. not significant, and the test could not yet detect the smallest lift worth having (its
 *    minimum detectable effect is larger): wait for more customers;
 * 4. not significant although it could have detected that lift: likely no effect worth having.
 * Telling 3 from 4 needs a lift worth having, so it is an option (`relevantLift`, relative to the
 * control: 0.1 means +10%); comparing the observed difference with the detectable one cannot,
 * as a non-significant difference is nearly always the smaller.
 */
import { detectableDifference, minimumDetectableEffect, type MeanComparison, type ProportionComparison } from './statistics.ts';

export interface VerdictOptions {
  comparison: ProportionComparison | MeanComparison;
  /** A/B test: the variants' names, e.g. { control: 'Variant A', treated: 'Variant B' }. Without, treated against the holdout. */
  variants?: { control: string; treated: string };
  relevantLift?: number;
  power?: number;
  /** ISO 4217 code for revenue, e.g. 'EUR'; without, amounts are plain numbers. */
  currency?: string;
}

export function verdict({ comparison, variants, relevantLift = 0.1, power = 0.8, currency }: VerdictOptions): string {
  const { control, treated, confidence } = comparison;
  const words = wordsFor(variants);
  const sizes =
    control.n === treated.n
      ? `${count(control.n)} customers per group`
      : `${count(treated.n)} ${words.treatedCustomers} and ${count(control.n)} ${words.onControl}`;
  if (comparison.difference === null || comparison.interval === null || comparison.pValue === null)
    return `Too early to tell: ${sizes} so far.`;

  const measure = measureOf(comparison, currency);
  const [treatedValue, controlValue] = measure.values;
  const observed = `${words.treatedName} ${measure.verb} ${treatedValue}${measure.each} against ${controlValue} ${words.inControl}`;
  const ci = `${label(confidence)} CI ${measure.signed(comparison.interval.lower)} to ${measure.signed(comparison.interval.upper)}`;
  const effect = `${measure.signed(comparison.difference)}${measure.unit} (${ci})`;
  const p = formatP(comparison.pValue);
  if (comparison.significant && comparison.difference > 0) return capitalize(`${observed}: ${effect}, ${p}: ${words.better}.`);
  if (comparison.significant) return capitalize(`${words.worse}: ${observed}: ${effect}, ${p}.`);

  const detectable =
    comparison.kind === 'proportions'
      ? minimumDetectableEffect({ control: control.n, treated: treated.n, baselineRate: comparison.control.rate!, confidence, power })!
      : detectableDifference({ standardError: comparison.standardError!, confidence, power });
  const relevant = relevantLift * Math.abs(measure.controlValue);
  const short = `${treatedValue} ${words.forTreated} against ${controlValue} ${words.inControl}`;
  // A control at 0 leaves no lift to be relative to: only more customers can tell.
  if (relevant > 0 && detectable <= relevant)
    return `No meaningful difference (${short}, ${ci}${measure.unit}, ${p}): with ${sizes} a change of ${measure.unsigned(detectable)}${measure.unit} would have shown; ${words.same}.`;
  const limit =
    detectable > 0 ? `with ${sizes} the test can only detect a change of ${measure.unsigned(detectable)}${measure.unit} or more; ` : '';
  return `No difference shown yet (${short}, ${p}): ${limit}wait for more customers.`;
}

function wordsFor(variants: VerdictOptions['variants']) {
  if (!variants)
    return {
      treatedName: 'treated customers',
      treatedCustomers: 'treated customers',
      forTreated: 'treated',
      inControl: 'in the holdout',
      onControl: 'in the holdout',
      better: 'the journey works',
      worse: 'the journey seems to hurt',
      same: 'the journey likely makes no difference worth having',
    };
  const { control, treated } = variants;
  return {
    treatedName: treated,
    treatedCustomers: `customers on ${treated}`,
    forTreated: `for ${treated}`,
    inControl: `for ${control}`,
    onControl: `on ${control}`,
    better: `${treated} does better than ${control}`,
    worse: `${treated} does worse than ${control}`,
    same: `${control} and ${treated} likely perform the same`,
  };
}

function measureOf(comparison: ProportionComparison | MeanComparison, currency: string | undefined) {
  if (comparison.kind === 'proportions') {
    const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
    const points = (difference: number) => Math.abs(difference * 100).toFixed(1);
    return {
      verb: 'converted at',
      each: '',
      unit: ' points',
      values: [percent(comparison.treated.rate!), percent(comparison.control.rate!)],
      controlValue: comparison.control.rate!,
      unsigned: points,
      signed: (difference: number) => sign(difference * 100, 1) + points(difference),
    };
  }
  const money = (amount: number) =>
    currency ? new Intl.NumberFormat('en', { style: 'currency', currency }).format(Math.abs(amount)) : Math.abs(amount).toFixed(2);
  return {
    verb: 'spent',
    each: ' per customer',
    unit: '',
    values: [money(comparison.treated.mean!), money(comparison.control.mean!)],
    controlValue: comparison.control.mean!,
    unsigned: money,
    signed: (difference: number) => sign(difference, 2) + money(difference),
  };
}

/** '+' or '−' (the minus sign, not a hyphen), and none for what rounds to 0. */
const sign = (value: number, digits: number) => (Number(Math.abs(value).toFixed(digits)) === 0 ? '' : value > 0 ? '+' : '−');
const count = (n: number) => n.toLocaleString('en');
const label = (confidence: number) => `${Number((confidence * 100).toFixed(1))}%`;
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Two significant digits: 0.049 must not read as 0.05. */
const formatP = (p: number) => (p < 0.0001 ? 'p < 0.0001' : `p = ${Number(p.toPrecision(2))}`);
