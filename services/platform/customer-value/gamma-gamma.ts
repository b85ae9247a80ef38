/**
 * Gamma-Gamma (Fader, Hardie & Lee, "RFM and CLV", 2005): what a customer's purchases are
 * worth. Each purchase's value ~ Gamma(p, ν), with the customer's ν ~ Gamma(q, γ); fitted on
 * customers with at least one repeat purchase, whose mean repeat value it reads.
 */
import { maximiseLikelihood, type Fit } from './optimize.ts';
import { grouped, groupedLogLikelihood, type PurchaseHistory } from './purchase-history.ts';
import { lnGamma } from './special-functions.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

type History = Pick<PurchaseHistory, 'frequency' | 'monetaryValue'>;

/** The part of a customer's log-likelihood that depends on their frequency alone. */
const frequencyTerms = ({ p, q, gamma }: GammaGammaParams, x: number) =>
  lnGamma(p * x + q) - lnGamma(p * x) - lnGamma(q) + q * Math.log(gamma) + p * x * Math.log(x);

export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  { frequency: x, monetaryValue: m }: History,
  ofFrequency?: number,
): number {
  const { p, q, gamma } = params;
  return (ofFrequency ?? frequencyTerms(params, x)) + (p * x - 1) * Math.log(m) - (p * x + q) * Math.log(gamma + m * x);
}

export interface GammaGammaFit extends Fit {
  model: GammaGammaParams;
  customers: number;
}

export function fitGammaGamma(histories: readonly History[]): GammaGammaFit {
  const repeat = histories.filter((h) => h.frequency > 0 && h.monetaryValue > 0);
  if (repeat.length === 0) throw new Error('Gamma-Gamma needs customers with a repeat purchase of positive value');
  const groups = grouped(repeat as PurchaseHistory[], ['frequency', 'monetaryValue']);
  const meanValue = repeat.reduce((sum, h) => sum + h.monetaryValue, 0) / repeat.length;
  const fit = maximiseLikelihood(
    ([p, q, gamma]) => {
      const params = { p: p!, q: q!, gamma: gamma! };
      return groupedLogLikelihood(
        groups,
        (x) => frequencyTerms(params, x),
        (values, terms) => gammaGammaLogLikelihood(params, values, terms),
      );
    },
    [1, 2, meanValue],
  );
  const [p, q, gamma] = fit.params as [number, number, number];
  return { ...fit, model: { p, q, gamma }, customers: repeat.length };
}

/** The expected value of the customer's future purchases, shrunk toward the population mean. */
export function expectedPurchaseValue({ p, q, gamma }: GammaGammaParams, { frequency: x, monetaryValue: m }: History): number {
  const populationMean = (p * gamma) / (q - 1);
  if (x === 0) return populationMean;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * m;
}
