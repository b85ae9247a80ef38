/**
 * Purchase histories drawn from the models themselves, with a seeded generator: the fitter's
 * test recovers the parameters it was given, and the benchmark gets realistic histories.
 */
import type { BgNbdParams } from './bg-nbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';
import type { PurchaseHistory } from './purchase-history.ts';

/** mulberry32: a small, fast seeded generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, rate) by Marsaglia and Tsang. */
export function gammaSample(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaSample(random, shape + 1, rate) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

const betaSample = (random: () => number, a: number, b: number) => {
  const x = gammaSample(random, a, 1);
  return x / (x + gammaSample(random, b, 1));
};

/**
 * One history per customer, each observed for `observedFor` time units since their first
 * purchase (e.g. a cohort spread over the year: pass a function).
 */
export function simulateHistories(
  customers: number,
  bgNbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  options: { seed: number; observedFor: (random: () => number) => number },
): PurchaseHistory[] {
  const random = seededRandom(options.seed);
  const histories: PurchaseHistory[] = [];
  for (let i = 0; i < customers; i += 1) {
    const T = options.observedFor(random);
    const rate = gammaSample(random, bgNbd.r, bgNbd.alpha);
    const dropout = betaSample(random, bgNbd.a, bgNbd.b);
    const nu = gammaSample(random, gammaGamma.q, gammaGamma.gamma);
    let time = 0;
    let frequency = 0;
    let recency = 0;
    let spent = 0;
    // Alive at the first purchase (time 0); after each repeat purchase, a dropout with probability `dropout`.
    for (;;) {
      time += -Math.log(1 - random()) / rate;
      if (time > T) break;
      frequency += 1;
      recency = time;
      spent += gammaSample(random, gammaGamma.p, nu);
      if (random() < dropout) break;
    }
    histories.push({ frequency, recency, T, monetaryValue: frequency > 0 ? spent / frequency : 0 });
  }
  return histories;
}
