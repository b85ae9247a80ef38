/**
 * `journeys metrics fit --csv <file>`: BG/NBD and Gamma-Gamma fitted to an analyst's table
 * of per-customer summaries (`customer,frequency,recency,T,monetary_value`, as lifetimes and
 * its kin write it), printed under the papers' parameter names, so a fit made elsewhere can
 * be checked against ours.
 */
import { readFile } from 'node:fs/promises';
import { expectedPurchases, fitBgNbd, probabilityAlive } from '../platform/customer-value/bg-nbd.ts';
import { expectedPurchaseValue, fitGammaGamma } from '../platform/customer-value/gamma-gamma.ts';
import type { PurchaseHistory } from '../platform/customer-value/purchase-history.ts';
import type { RecomputeReport } from '../platform/customer-value/recompute.ts';
import { UsageError } from './usage-error.ts';

const COLUMNS = ['customer', 'frequency', 'recency', 'T', 'monetary_value'] as const;

/** The rows of the CSV; a malformed one is named by its line. */
export function readSummaries(csv: string): (PurchaseHistory & { customer: string })[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
  const at = Object.fromEntries(COLUMNS.map((column) => [column, header.indexOf(column)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((column) => at[column] < 0);
  if (missing.length > 0) throw new UsageError(`the CSV's header lacks ${missing.join(', ')} (it needs ${COLUMNS.join(',')})`);
  return lines.slice(1).map((line, index) => {
    const cells = line.split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
    const number = (column: (typeof COLUMNS)[number]) => {
      const value = Number(cells[at[column]]);
      if (!Number.isFinite(value) || value < 0)
        throw new UsageError(`line ${index + 2}: ${column} must be a number ≥ 0, not "${cells[at[column]] ?? ''}"`);
      return value;
    };
    const row = {
      customer: cells[at.customer] ?? '',
      frequency: number('frequency'),
      recency: number('recency'),
      T: number('T'),
      monetaryValue: number('monetary_value'),
    };
    if (row.recency > row.T) throw new UsageError(`line ${index + 2}: recency (${row.recency}) is after T (${row.T})`);
    return row;
  });
}

export async function fitCommand(options: { csv: string; format: 'table' | 'json'; horizon: number; show: number }): Promise<void> {
  const rows = readSummaries(await readFile(options.csv, 'utf8'));
  if (rows.length === 0) throw new UsageError(`${options.csv} has no customers`);
  const purchases = fitBgNbd(rows);
  const values = fitGammaGamma(rows);
  const predictions = rows.slice(0, options.show).map((row) => {
    const orders = expectedPurchases(purchases.model, row, options.horizon);
    const value = expectedPurchaseValue(values.model, row);
    return {
      customer: row.customer,
      probabilityAlive: probabilityAlive(purchases.model, row),
      expectedPurchases: orders,
      expectedValue: value,
      clv: orders * value,
    };
  });
  const named = (names: readonly string[], fit: { params: number[]; standardErrors: number[] }) =>
    Object.fromEntries(names.map((name, i) => [name, { value: fit.params[i]!, standardError: fit.standardErrors[i]! }]));
  const result = {
    customers: rows.length,
    horizon: options.horizon,
    bgNbd: { params: named(['r', 'alpha', 'a', 'b'], purchases), logLikelihood: purchases.logLikelihood, customers: purchases.customers },
    gammaGamma: { params: named(['p', 'q', 'gamma'], values), logLikelihood: values.logLikelihood, customers: values.customers },
    predictions,
  };
  if (options.format === 'json') return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  const param = (name: string, { value, standardError }: { value: number; standardError: number }) =>
    `  ${name.padEnd(6)} ${value.toFixed(4).padStart(12)}  (SE ${standardError.toFixed(4)})`;
  const lines = [
    `BG/NBD, fitted to ${purchases.customers} customers (log-likelihood ${purchases.logLikelihood.toFixed(2)})`,
    ...Object.entries(result.bgNbd.params).map(([name, fit]) => param(name, fit)),
    `Gamma-Gamma, fitted to the ${values.customers} customers with a repeat purchase (log-likelihood ${values.logLikelihood.toFixed(2)})`,
    ...Object.entries(result.gammaGamma.params).map(([name, fit]) => param(name, fit)),
    `Predictions over the next ${options.horizon} time units (the CSV's unit)`,
    `  ${'customer'.padEnd(16)} ${'P(alive)'.padStart(9)} ${'purchases'.padStart(10)} ${'value each'.padStart(11)} ${'CLV'.padStart(10)}`,
    ...predictions.map(
      (p) =>
        `  ${p.customer.padEnd(16)} ${p.probabilityAlive.toFixed(3).padStart(9)} ${p.expectedPurchases.toFixed(3).padStart(10)} ${p.expectedValue.toFixed(2).padStart(11)} ${p.clv.toFixed(2).padStart(10)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `journeys metrics recompute`: what the nightly schedule does, now. */
export async function recomputeCommand(databaseUrl: string): Promise<void> {
  const { createDb } = await import('../platform/db/pool.ts');
  const { migrate } = await import('../platform/db/migrate.ts');
  const { recomputeCustomerValue } = await import('../platform/customer-value/recompute.ts');
  const { refreshAllSegments } = await import('../platform/segments/refresh-all.ts');
  const { segmentRegistry } = await import('../../segments/index.ts');
  const db = createDb(databaseUrl);
  try {
    await migrate(db);
    const report = await recomputeCustomerValue(db);
    process.stdout.write(`${formatRecompute(report)}\n`);
    // The projector publishes the changes as events (within a second when it runs).
    const segments = await refreshAllSegments(db, segmentRegistry);
    process.stdout.write(
      `segments: ${segments.customers} customers decided in ${segments.seconds.toFixed(1)} s, ${segments.entered} entered, ${segments.exited} exited\n`,
    );
  } finally {
    await db.end();
  }
}

export function formatRecompute(report: RecomputeReport): string {
  const params = (model: object | undefined) =>
    model
      ? Object.entries(model)
          .map(([name, value]) => `${name} ${(value as number).toPrecision(4)}`)
          .join(', ')
      : 'not fitted (too few customers with orders)';
  const { seconds } = report;
  return [
    `scored ${report.customers} customers with orders in ${seconds.total.toFixed(1)} s (RFM and latency ${seconds.scores.toFixed(1)} s, fit ${seconds.fit.toFixed(1)} s, predictions ${seconds.predictions.toFixed(1)} s)`,
    `BG/NBD       ${params(report.bgNbd?.model)}`,
    `Gamma-Gamma  ${params(report.gammaGamma?.model)}`,
  ].join('\n');
}
