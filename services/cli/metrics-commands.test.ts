/** `journeys metrics fit` as an analyst runs it, on a CSV of customers simulated from known parameters. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { simulateHistories } from '../platform/customer-value/simulate.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const journeys = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr });
    });
  });

async function csvFile(lines: string[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'journeys-fit-')), 'summary.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('journeys metrics fit', () => {
  it("fits an analyst's CSV and prints the papers' parameters with standard errors, the log-likelihood and predictions", async () => {
    const truth = { r: 0.5, alpha: 20, a: 0.7, b: 3 };
    const histories = simulateHistories(5_000, truth, { p: 5, q: 3, gamma: 20 }, { seed: 7, observedFor: () => 180 });
    const file = await csvFile([
      'customer,frequency,recency,T,monetary_value',
      ...histories.map((h, i) => `c-${i},${h.frequency},${h.recency.toFixed(3)},${h.T},${h.monetaryValue.toFixed(2)}`),
    ]);
    const { code, stdout, stderr } = await journeys('metrics', 'fit', '--csv', file, '--format', 'json', '--horizon', '90');
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout) as {
      customers: number;
      bgNbd: { params: Record<string, { value: number; standardError: number }>; logLikelihood: number };
      gammaGamma: { params: Record<string, { value: number }> };
      predictions: { customer: string; probabilityAlive: number; expectedPurchases: number; clv: number }[];
    };
    assert.equal(result.customers, 5_000);
    assert.deepEqual(Object.keys(result.bgNbd.params), ['r', 'alpha', 'a', 'b']);
    assert.deepEqual(Object.keys(result.gammaGamma.params), ['p', 'q', 'gamma']);
    for (const [name, value] of Object.entries(truth)) {
      const fitted = result.bgNbd.params[name]!;
      assert.ok(
        Math.abs(fitted.value - value) < 3 * fitted.standardError,
        `${name}: ${fitted.value} ± ${fitted.standardError} vs ${value}`,
      );
    }
    assert.ok(result.bgNbd.logLikelihood < 0);
    assert.equal(result.predictions.length, 5);
    assert.ok(result.predictions.every((p) => p.probabilityAlive > 0 && p.probabilityAlive <= 1 && p.expectedPurchases >= 0 && p.clv >= 0));

    const table = await journeys('metrics', 'fit', '--csv', file);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^BG\/NBD, fitted to 5000 customers \(log-likelihood -\d+\.\d\d\)\n {2}r {6}/);
  });

  it('exits 2 naming the line of a malformed row, and the columns a header lacks', async () => {
    const bad = await journeys(
      'metrics',
      'fit',
      '--csv',
      await csvFile(['customer,frequency,recency,T,monetary_value', 'c-1,2,10,30,5', 'c-2,two,1,3,4']),
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /line 3: frequency must be a number ≥ 0, not "two"/);
    const header = await journeys('metrics', 'fit', '--csv', await csvFile(['id,frequency,recency', 'c-1,2,10']));
    assert.equal(header.code, 2);
    assert.match(header.stderr, /lacks customer, T, monetary_value/);
  });
});
