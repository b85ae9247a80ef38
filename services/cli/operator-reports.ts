/**
 * What operators ask of the running product, answered from Temporal (visibility queries on
 * our search attributes, the customer workflow's query) and PostgreSQL (kill switch,
 * ledger, consent, assignments, segments). Read-only: nothing here edits a history.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { CustomerState } from '../../schemas/customer.ts';
import { readCustomerValue, type CustomerValue } from '../platform/db/customer-value.ts';
import { formatMoney } from '../../schemas/primitives.ts';
import { customerWorkflowId, getCustomerStateQuery, searchAttributes } from '../../schemas/names.ts';
import { journeyRegistry } from '../../workflows/registry.ts';
import { journeyState, type JourneyState } from '../platform/db/journey-controls.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/pool.ts';
import { customerSegments } from './segment-reports.ts';

export interface JourneyReport {
  journeyId: string;
  state: JourneyState;
  /** Running journey workflows per JourneyStep, most populated first. */
  steps: { step: string; customers: number; webUiUrl: string }[];
  running: number;
}

export interface Scope {
  temporal: Client;
  db: Db;
  /** Only journeys on this task queue (a deployment's); the Web UI links say the same. */
  taskQueue: string;
  webUiUrl: string;
  namespace: string;
  /** Customer value is in it (SHOP_CURRENCY). */
  shopCurrency: string;
}

/** The scope of a deployment's configuration, over clients the caller opened (and closes). */
export function scopeOf(config: Config, clients: { temporal: Client; db: Db }): Scope {
  return {
    ...clients,
    taskQueue: config.temporal.taskQueue,
    webUiUrl: config.temporal.webUiUrl,
    namespace: config.temporal.namespace,
    shopCurrency: config.shopCurrency.code,
  };
}

const quote = (value: string) => `"${value.replaceAll('"', '\\"')}"`;

/** The Web UI's workflow list filtered by a visibility query. */
const webUiList = (scope: Pick<Scope, 'webUiUrl' | 'namespace'>, query: string) =>
  `${scope.webUiUrl}/namespaces/${encodeURIComponent(scope.namespace)}/workflows?query=${encodeURIComponent(query)}`;

export async function journeyReports(scope: Scope): Promise<JourneyReport[]> {
  const reports: JourneyReport[] = [];
  for (const journey of journeyRegistry) {
    const inJourney = `${searchAttributes.journeyName.name} = ${quote(journey.id)} AND TaskQueue = ${quote(scope.taskQueue)}`;
    const counts = new Map<string, number>();
    for await (const workflow of scope.temporal.workflow.list({ query: `${inJourney} AND ExecutionStatus = "Running"` })) {
      const step = workflow.typedSearchAttributes.get(searchAttributes.journeyStep) ?? '(starting)';
      counts.set(step, (counts.get(step) ?? 0) + 1);
    }
    const steps = [...counts]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([step, customers]) => ({
        step,
        customers,
        webUiUrl: webUiList(scope, `${inJourney} AND ${searchAttributes.journeyStep.name} = ${quote(step)}`),
      }));
    reports.push({
      journeyId: journey.id,
      state: await journeyState(scope.db, journey.id),
      steps,
      running: steps.reduce((sum, step) => sum + step.customers, 0),
    });
  }
  return reports;
}

export function formatJourneyReports(reports: JourneyReport[]): string {
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

export interface CustomerReport {
  customerId: string;
  /** From the customer workflow's query; null when it has never run or did not answer. */
  workflow: Pick<
    CustomerState,
    'lifecycleStage' | 'activeJourneys' | 'journeyEntries' | 'eventsApplied' | 'mergedInto' | 'mergedFrom'
  > | null;
  /** Why the workflow half is missing when the workflow exists. */
  workflowProblem: string | null;
  consent: { channel: string; purpose: string; granted: boolean; changedAt: Date }[];
  assignments: { journeyId: string; holdout: boolean; variant: string | null }[];
  messages: { at: Date; journeyId: string; step: string; channel: string; status: string; reason: string | null; cost: string | null }[];
  value: CustomerValue | null;
  /** Those of the customer the id is now (`customerId`: another when it was merged into it). */
  segments: { customerId: string; ids: string[] };
  shopCurrency: string;
  webUiUrl: string;
}

export async function customerReport(scope: Scope, customerId: string): Promise<CustomerReport> {
  let workflow: CustomerReport['workflow'] = null;
  let workflowProblem: string | null = null;
  try {
    const state = await scope.temporal.workflow.getHandle(customerWorkflowId(customerId)).query(getCustomerStateQuery);
    workflow = {
      lifecycleStage: state.lifecycleStage,
      activeJourneys: state.activeJourneys,
      journeyEntries: state.journeyEntries,
      eventsApplied: state.eventsApplied,
      mergedInto: state.mergedInto,
      mergedFrom: state.mergedFrom,
    };
  } catch (error) {
    // A query needs a running worker; the database half of the report does not.
    if (!(error instanceof WorkflowNotFoundError))
      workflowProblem = `the customer workflow did not answer (is a worker running?): ${(error as Error).message}`;
  }
  const [consent, assignments, messages, value, segments] = await Promise.all([
    scope.db.query<{ channel: string; purpose: string; granted: boolean; changed_at: Date }>(
      'select channel, purpose, granted, changed_at from consent where customer_id = $1 order by channel, purpose',
      [customerId],
    ),
    scope.db.query<{ journey_id: string; holdout: boolean; variant: string | null }>(
      'select journey_id, holdout, variant from journey_assignments where customer_id = $1 order by assigned_at',
      [customerId],
    ),
    scope.db.query<{
      created_at: Date;
      journey_id: string;
      step: string;
      channel: string;
      status: string;
      reason: string | null;
      cost: string | null;
    }>(
      `select created_at, journey_id, step, channel, status, reason,
              case when cost_minor is null then null else cost_minor || ' ' || cost_currency end as cost
       from messages where customer_id = $1 order by created_at`,
      [customerId],
    ),
    readCustomerValue(scope.db, customerId),
    customerSegments(scope.db, customerId),
  ]);
  return {
    customerId,
    value,
    segments,
    shopCurrency: scope.shopCurrency,
    workflow,
    workflowProblem,
    consent: consent.rows.map((row) => ({ channel: row.channel, purpose: row.purpose, granted: row.granted, changedAt: row.changed_at })),
    assignments: assignments.rows.map((row) => ({ journeyId: row.journey_id, holdout: row.holdout, variant: row.variant })),
    messages: messages.rows.map((row) => ({
      at: row.created_at,
      journeyId: row.journey_id,
      step: row.step,
      channel: row.channel,
      status: row.status,
      reason: row.reason,
      cost: row.cost,
    })),
    webUiUrl: webUiList(scope, `${searchAttributes.customerId.name} = ${quote(customerId)}`),
  };
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
