/**
 * BG/NBD (Fader, Hardie & Lee, "Counting your customers the easy way", 2005): how many
 * purchases a customer will make, for non-contractual buying. While alive a customer buys
 * at rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 */
import { maximiseLikelihood, type Fit } from './optimize.ts';
import { grouped, groupedLogLikelihood, type PurchaseHistory } from './purchase-history.ts';
import { hyp2f1, lnBeta, lnGamma, logSumExp } from './special-functions.ts';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

type History = Pick<PurchaseHistory, 'frequency' | 'recency' | 'T'>;

/** The part of a customer's log-likelihood that depends on their frequency alone. */
const frequencyTerms = ({ r, alpha, a, b }: BgNbdParams, x: number) =>
  lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + lnBeta(a, b + x) - lnBeta(a, b);

/** One customer's log-likelihood (given their frequency's terms, when a fit has them at hand). */
export function bgNbdLogLikelihood(params: BgNbdParams, { frequency: x, recency: tx, T }: History, ofFrequency?: number): number {
  const { r, alpha, a, b } = params;
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return (ofFrequency ?? frequencyTerms(params, x)) + logSumExp(a3, a4);
}

export interface BgNbdFit extends Fit {
  model: BgNbdParams;
  customers: number;
}

/** Maximum-likelihood fit to the customers' histories. */
export function fitBgNbd(histories: readonly History[]): BgNbdFit {
  if (histories.length === 0) throw new Error('BG/NBD needs at least one customer');
  const groups = grouped(histories as PurchaseHistory[], ['frequency', 'recency', 'T']);
  const fit = maximiseLikelihood(
    ([r, alpha, a, b]) => {
      const params = { r: r!, alpha: alpha!, a: a!, b: b! };
      return groupedLogLikelihood(
        groups,
        (x) => frequencyTerms(params, x),
        (values, terms) => bgNbdLogLikelihood(params, values, terms),
      );
    },
    [1, Math.max(1, mean(histories.map((h) => h.T))), 1, 1],
  );
  const [r, alpha, a, b] = fit.params as [number, number, number, number];
  return { ...fit, model: { r, alpha, a, b }, customers: histories.length };
}

/** The probability that the customer has not dropped out. */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency: tx, T }: History): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

/** Expected purchases in the next `t` time units, given the history. */
export function expectedPurchases(params: BgNbdParams, history: History, t: number): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, T } = history;
  // Both factors of the numerator change sign at a = 1 (the product does not); 2F1's series needs c > 0.
  if (a === 1 || a + b + x - 1 <= 0) return Number.NaN;
  const z = t / (alpha + T + t);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z));
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return numerator / denominator;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
