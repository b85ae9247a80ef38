/** The operator reports (services/platform/operator-reports.ts) as `journey list` and `customer show` print them. */
import { formatMoney } from '../../schemas/primitives.ts';
import { journeyRegistry } from '../../workflows/registry.ts';
import type { CustomerValue } from '../platform/db/customer-value.ts';
import { journeyStatus, type CustomerReport, type JourneyStatus, type Scope } from '../platform/operator-reports.ts';

/** Every journey of the registry, in its order. */
export async function journeyReports(scope: Scope): Promise<JourneyStatus[]> {
  const reports: JourneyStatus[] = [];
  for (const journey of journeyRegistry) reports.push(await journeyStatus(scope, journey.id));
  return reports;
}

export function formatJourneyReports(reports: JourneyStatus[]): string {
  return reports
    .map((report) => {
      const head = `${report.journeyId} (${report.state}): ${report.running} customer${report.running === 1 ? '' : 's'} in the journey`;
      const width = Math.max(0, ...report.steps.map((step) => step.step.length));
      return [
        head,
        ...report.steps.map((step) => `  ${step.step.padEnd(width)}  ${String(step.customers).padStart(6)}  ${step.webUiUrl}`),
      ].join('\n');
    })
    .join('\n\n');
}

export function formatCustomerReport(report: CustomerReport): string {
  const lines = [`customer ${report.customerId}`];
  if (report.workflow) {
    const { lifecycleStage, activeJourneys, journeyEntries, eventsApplied, mergedInto, mergedFrom = [] } = report.workflow;
    if (mergedInto) lines.push(`  merged into  ${mergedInto} (its journeys and later events are there)`);
    if (mergedFrom.length > 0) lines.push(`  also known   ${mergedFrom.join(', ')}`);
    lines.push(`  stage        ${lifecycleStage} (${eventsApplied} events applied)`);
    lines.push(`  in journeys  ${activeJourneys.map((journey) => journey.workflowId).join(', ') || 'none'}`);
    const entered = Object.entries(journeyEntries).map(([journeyId, entries]) => `${journeyId} ×${entries.count}`);
    lines.push(`  entered      ${entered.join(', ') || 'none'}`);
  } else {
    lines.push(`  ${report.workflowProblem ?? 'no customer workflow (no event has reached Temporal for this customer)'}`);
  }
  lines.push(
    `  consent      ${report.consent.map((row) => `${row.channel}/${row.purpose} ${row.granted ? 'granted' : 'revoked'}`).join(', ') || 'none recorded'}`,
  );
  if (report.assignments.length > 0) {
    lines.push(
      `  assignments  ${report.assignments.map((row) => `${row.journeyId}: ${row.holdout ? 'holdout' : `treated${row.variant ? ` (${row.variant})` : ''}`}`).join(', ')}`,
    );
  }
  lines.push(...formatValue(report.value, report.value?.currency ?? report.shopCurrency));
  const { balance, tier, nextExpiry } = report.loyalty;
  lines.push(
    `  loyalty      ${balance.toLocaleString('en-US')} points, tier ${tier ?? 'none'}` +
      (nextExpiry ? `; ${nextExpiry.points.toLocaleString('en-US')} expire on ${nextExpiry.at.slice(0, 10)}` : ''),
  );
  const { customerId: of, ids } = report.segments;
  lines.push(`  segments     ${ids.join(', ') || 'none'}${of === report.customerId ? '' : ` (of ${of}, which this id was merged into)`}`);
  lines.push('  messages');
  for (const message of report.messages) {
    const detail = [message.reason, message.cost].filter(Boolean).join(', ');
    lines.push(
      `    ${message.at.toISOString()}  ${message.journeyId} ${message.step}  ${message.channel}  ${message.status}${detail ? ` (${detail})` : ''}`,
    );
  }
  if (report.messages.length === 0) lines.push('    none');
  lines.push(`  Web UI       ${report.webUiUrl}`);
  return lines.join('\n');
}

/** Orders and value in the shop's currency; RFM, latency and the models' reading from the last recompute. */
function formatValue(value: CustomerValue | null, currency: string): string[] {
  if (!value || value.orders === 0) return ['  value        no orders'];
  const money = (minor: number | null) => (minor === null ? '?' : formatMoney({ amount: minor, currency }));
  const lines = [
    `  orders       ${value.orders}, ${money(value.netRevenue)} net (average ${money(value.averageOrderValue)})` +
      (value.unconvertedOrders > 0 ? `; ${value.unconvertedOrders} in a currency without a rate, not valued` : ''),
  ];
  const s = value.scores;
  if (!s) return [...lines, '  RFM          not computed yet (journeys metrics recompute)'];
  const days = (n: number | null) => (n === null ? 'unknown' : `${Math.round(n)} days`);
  lines.push(
    `  RFM          ${s.rfmCell} ${s.rfmGroup}${s.bottom20 ? ' (bottom 20%: no marketing)' : ''}; value now ${s.currentValueScore}/5, potential ${s.potentialValueScore}/5`,
    `  latency      ${days(s.purchaseLatencyDays)}${s.latencySource && s.latencySource !== 'own' ? ` (their ${s.latencySource}'s)` : ''}`,
  );
  if (s.predictedValue !== null) {
    lines.push(
      `  CLV          ${money(value.netRevenue)} to date; ${money(s.predictedValue)} predicted over 12 months (${(s.predictedOrders ?? 0).toFixed(1)} orders, ` +
        `${Math.round((s.probabilityAlive ?? 0) * 100)}% still active); potential ${money(s.potentialValue)}`,
    );
  }
  return lines;
}
