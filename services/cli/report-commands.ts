/**
 * `journeys report <journey> [--window 60d] [--format table|json|csv]`: what a journey
 * earns (services/platform/analytics/journey-report.ts), as the console shows it.
 */
import type { Config } from '../platform/config.ts';
import { rebuildAnalytics } from '../platform/analytics/rebuild-analytics.ts';
import { createKafka } from '../platform/kafka/client.ts';
import type { Logger } from '../platform/logger.ts';
import { journeyReport, type Comparison, type GroupFigures, type JourneyReport } from '../platform/analytics/journey-report.ts';
import { amount, percent, points } from '../platform/analytics/report-format.ts';
import { reportingOf } from '../../workflows/lib/journey-reporting.ts';
import type { AnyJourney } from '../../workflows/lib/journey-descriptor.ts';
import { withDb } from './connections.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

export async function reportCommand(config: Config, journey: AnyJourney, options: { days: number; format: 'table' | 'json' | 'csv' }) {
  const report = await withDb(config, (db) =>
    journeyReport(db, { journeyId: journey.id, journey: reportingOf(journey), days: options.days }),
  );
  if (options.format === 'json') print(JSON.stringify(report, null, 2));
  else if (options.format === 'csv') for (const line of reportCsv(report)) print(line);
  else for (const line of reportTable(report)) print(line);
}

export async function rebuildAnalyticsCommand({ config, logger }: { config: Config; logger: Logger }): Promise<void> {
  const kafka = createKafka(config.kafka.brokers, 'journeys-cli', logger, config.kafka.security);
  const { outcomes, skipped } = await withDb(config, (db) => rebuildAnalytics({ kafka, db }));
  print(`rebuilt the journey reports' tables from ${outcomes} outcome(s) on journey-outcomes; ${skipped} skipped (not outcomes)`);
}

export function reportTable(report: JourneyReport): string[] {
  const money = (value: number) => amount(value, report.currency);
  const lines = [
    `${report.journeyId}: entries from ${report.window.from.slice(0, 10)} to ${report.window.to.slice(0, 10)} (${report.window.days} days); an order within ${report.attributionWindow} of entering converts`,
    '',
    'Funnel',
    `  entered     ${report.funnel.entered}`,
  ];
  for (const step of report.funnel.steps) {
    const skipped = Object.entries(step.skipped)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ');
    const extra = [step.failed ? `${step.failed} failed` : '', step.cancelled ? `${step.cancelled} cancelled` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${step.step.padEnd(22)} ${step.sent} sent, ${step.clicked} clicked${skipped ? `; skipped: ${skipped}` : ''}${extra ? `; ${extra}` : ''}`,
    );
  }
  lines.push(
    `  clicked     ${report.funnel.clicked}`,
    `  converted   ${report.funnel.converted}`,
    `  revenue     ${money(report.funnel.revenue)}`,
  );
  const group = (name: string, figures: GroupFigures) =>
    `  ${name.padEnd(12)} ${String(figures.customers).padStart(7)} customers  ${percent(figures.conversionRate).padStart(6)} converted  ${money(figures.revenuePerCustomer)} per customer`;
  lines.push('', 'Holdout lift', group('treated', report.treated), group('holdout', report.holdout));
  if (report.lift) lines.push(...comparisonLines(report.lift, money), `  incremental revenue: ${money(report.lift.incrementalRevenue)}`);
  else lines.push('  this journey holds nobody out');
  if (report.variants.length > 0) {
    lines.push('', 'A/B variants', ...report.variants.map((variant) => group(variant.variant, variant)));
    for (const test of report.abTests) lines.push(`  ${test.variant} against ${test.control}:`, ...comparisonLines(test, money));
  }
  if (report.conversionsByStep.length > 0) {
    lines.push('', 'Conversions by the last step got (or would have got, in the holdout)');
    for (const row of report.conversionsByStep)
      lines.push(`  ${row.step.padEnd(22)} ${row.conversions} conversions, ${money(row.revenue)}`);
  }
  if (Object.keys(report.exits).length > 0)
    lines.push(
      '',
      `Ended: ${Object.entries(report.exits)
        .map(([reason, n]) => `${n} ${reason}`)
        .join(', ')}`,
    );
  return lines;
}

function comparisonLines(comparison: Comparison, money: (value: number) => string): string[] {
  const { conversion, revenue } = comparison;
  const interval = conversion.interval
    ? `95% CI ${points(conversion.interval.lower)} to ${points(conversion.interval.upper)}`
    : 'no interval yet';
  const relative =
    conversion.relativeLift === null
      ? ''
      : `, ${conversion.relativeLift >= 0 ? '+' : ''}${(conversion.relativeLift * 100).toFixed(0)}% relative`;
  return [
    `  conversion: ${points(conversion.difference)}${relative} (${interval}), p = ${conversion.pValue === null ? '-' : conversion.pValue.toPrecision(2)}`,
    `  revenue per customer: ${revenue.difference === null ? '-' : money(revenue.difference)}, Welch p = ${revenue.pValue === null ? '-' : revenue.pValue.toPrecision(2)}`,
    `  minimum detectable effect at this size: ${comparison.minimumDetectableEffect === null ? '-' : points(comparison.minimumDetectableEffect)}`,
    `  ${comparison.verdict}`,
    `  ${comparison.revenueVerdict}`,
  ];
}

/** One row per group (treated, holdout, each variant), with the comparison's figures on the rows compared. */
export function reportCsv(report: JourneyReport): string[] {
  const header =
    'journey,group,customers,converted,conversion_rate,revenue,revenue_per_customer,difference,ci_lower,ci_upper,p_value,revenue_p_value';
  const row = (group: string, figures: GroupFigures, comparison?: Comparison) =>
    [
      report.journeyId,
      group,
      figures.customers,
      figures.converted,
      figures.conversionRate,
      figures.revenue,
      figures.revenuePerCustomer,
      comparison?.conversion.difference ?? '',
      comparison?.conversion.interval?.lower ?? '',
      comparison?.conversion.interval?.upper ?? '',
      comparison?.conversion.pValue ?? '',
      comparison?.revenue.pValue ?? '',
    ].join(',');
  return [
    header,
    row('treated', report.treated, report.lift ?? undefined),
    row('holdout', report.holdout),
    ...report.variants.map((variant) =>
      row(
        `variant:${variant.variant}`,
        variant,
        report.abTests.find((test) => test.variant === variant.variant),
      ),
    ),
  ];
}
