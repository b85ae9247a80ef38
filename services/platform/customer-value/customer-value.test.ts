/**
 * The purchase models' fitter on histories simulated from known parameters: it recovers
 * them within their standard errors (two, for each of the seven), and its predictions
 * behave as the papers say.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdParams } from './bg-nbd.ts';
import { expectedPurchaseValue, fitGammaGamma, type GammaGammaParams } from './gamma-gamma.ts';
import { simulateHistories } from './simulate.ts';
import { hyp2f1, lnGamma } from './special-functions.ts';

// Close to the papers' CDNOW fits (weeks there; days here, so alpha and gamma are scaled).
const bgNbd: BgNbdParams = { r: 0.8, alpha: 30, a: 0.8, b: 2.5 };
const gammaGamma: GammaGammaParams = { p: 6, q: 4, gamma: 15 };
const histories = simulateHistories(20_000, bgNbd, gammaGamma, { seed: 42, observedFor: (random) => 90 + random() * 275 });

describe('special functions', () => {
  it('match known values', () => {
    assert.ok(Math.abs(lnGamma(5) - Math.log(24)) < 1e-12);
    assert.ok(Math.abs(lnGamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-12);
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z
    assert.ok(Math.abs(hyp2f1(1, 1, 2, 0.5) - -Math.log(0.5) / 0.5) < 1e-10);
  });
});

describe('BG/NBD and Gamma-Gamma fitted by maximum likelihood', () => {
  it('recover the parameters of simulated customers within two standard errors', (t) => {
    const purchases = fitBgNbd(histories);
    const values = fitGammaGamma(histories);
    const check = (name: string, truth: number, estimate: number, se: number) => {
      t.diagnostic(`${name}: true ${truth}, fitted ${estimate.toFixed(4)} ± ${se.toFixed(4)} (${((estimate - truth) / se).toFixed(2)} SE)`);
      assert.ok(Number.isFinite(se) && se > 0, `${name} has a standard error`);
      assert.ok(Math.abs(estimate - truth) < 2 * se, `${name}: ${estimate} is not within 2 SE (${se}) of ${truth}`);
    };
    (['r', 'alpha', 'a', 'b'] as const).forEach((name, i) => check(name, bgNbd[name], purchases.model[name], purchases.standardErrors[i]!));
    (['p', 'q', 'gamma'] as const).forEach((name, i) => check(name, gammaGamma[name], values.model[name], values.standardErrors[i]!));
  });

  it("give the papers' published figures for CDNOW", () => {
    // Fader, Hardie & Lee (2005), BG/NBD: E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226.
    const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    assert.equal(expectedPurchases(cdnow, { frequency: 2, recency: 30.43, T: 38.86 }, 39).toFixed(3), '1.226');
    // Fader, Hardie & Lee (2005), Gamma-Gamma: p = 6.25, q = 3.74, gamma = 15.44; the population mean is $35.22.
    assert.equal(expectedPurchaseValue({ p: 6.25, q: 3.74, gamma: 15.44 }, { frequency: 0, monetaryValue: 0 }).toFixed(2), '35.22');
  });

  it('predict more purchases for frequent, recent buyers, fewer once a buyer has long been silent', () => {
    const week = (x: number, tx: number) => expectedPurchases(bgNbd, { frequency: x, recency: tx, T: 200 }, 365);
    assert.ok(week(10, 190) > week(2, 190), 'frequent buyers buy more');
    assert.ok(week(10, 190) > week(10, 20), 'a long silence means they may have left');
    assert.ok(
      probabilityAlive(bgNbd, { frequency: 10, recency: 20, T: 200 }) < probabilityAlive(bgNbd, { frequency: 10, recency: 190, T: 200 }),
    );
    assert.equal(probabilityAlive(bgNbd, { frequency: 0, recency: 0, T: 200 }), 1);
  });

  it('shrink a customer’s mean purchase toward the population’s, less so with more purchases', () => {
    const population = (gammaGamma.p * gammaGamma.gamma) / (gammaGamma.q - 1);
    const one = expectedPurchaseValue(gammaGamma, { frequency: 1, monetaryValue: 100 });
    const many = expectedPurchaseValue(gammaGamma, { frequency: 20, monetaryValue: 100 });
    assert.ok(one > population && one < many && many < 100);
  });
});
