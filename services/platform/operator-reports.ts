/**
 * What operators ask of the running product, answered from Temporal (visibility queries on
 * our search attributes, the customer workflow's query) and PostgreSQL (kill switch,
 * ledger, consent, assignments, segments), for the CLI (`journey list`, `customer show`) and the
 * console. Read-only: nothing here edits a history.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { CustomerState } from '../../schemas/customer.ts';
import { readCustomerValue, type CustomerValue } from './db/customer-value.ts';
import { customerWorkflowId, getCustomerStateQuery, searchAttributes } from '../../schemas/names.ts';
import { journeyState, type JourneyState } from './db/journey-controls.ts';
import type { Config } from './config.ts';
import type { Db } from './db/pool.ts';
import { customerIdNow } from './db/customers.ts';
import { readLoyaltyStatement } from './loyalty/ledger.ts';
import { customerSegments } from './segments/membership.ts';

/** A journey now: its kill switch, and where its running customers are. */
export interface JourneyStatus {
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

export async function journeyStatus(scope: Scope, journeyId: string): Promise<JourneyStatus> {
  const inJourney = `${searchAttributes.journeyName.name} = ${quote(journeyId)} AND TaskQueue = ${quote(scope.taskQueue)}`;
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
  return {
    journeyId,
    state: await journeyState(scope.db, journeyId),
    steps,
    running: steps.reduce((sum, step) => sum + step.customers, 0),
  };
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
  /** Points valid now, the tier, and the soonest points to expire (`journeys loyalty show` has the rest). */
  loyalty: { balance: number; tier: string | null; nextExpiry: { points: number; at: string } | null };
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
  const [consent, assignments, messages, value, segments, points] = await Promise.all([
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
    // A merged id's points are its customer's.
    customerIdNow(scope.db, customerId).then((now) => readLoyaltyStatement(scope.db, now, new Date())),
  ]);
  const soonest = points.lots[0];
  return {
    customerId,
    value,
    segments,
    shopCurrency: scope.shopCurrency,
    workflow,
    workflowProblem,
    loyalty: {
      balance: points.balance,
      tier: points.tier,
      nextExpiry: soonest ? { points: soonest.remaining, at: soonest.expiresAt } : null,
    },
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
