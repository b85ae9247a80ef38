/**
 * Wire names shared by every process: topics, task queues, workflow types, signals,
 * queries, search attributes and workflow ids, each named here once. Wire names never
 * change once shipped; add new ones instead. Clients and workflows use the typed values
 * below, never the strings, so a wrong argument fails the type check.
 */
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type QueryDefinition,
  type SignalDefinition,
  type Workflow,
} from '@temporalio/common';
import type { CustomerState, CustomerWorkflowInput, Handover } from './customer.ts';
import type { CustomerEventEnvelope } from './envelope.ts';
import type { JourneyInput, JourneyResult } from './journey.ts';
import { channelCamelCase, type Channel, type ChannelCamelCase } from './channels.ts';

export const topics = {
  customerEvents: 'customer-events',
  deadLetters: 'customer-events.dlq',
  journeyOutcomes: 'journey-outcomes',
} as const;

export const consumerGroups = {
  router: 'journeys-router',
  projector: 'journeys-projector',
  /** Projects journey-outcomes into the journey reports' tables. */
  analytics: 'journeys-analytics',
  /** Its committed offsets mark how far the dead-letter topic has been re-driven. */
  deadLetterRedrive: 'journeys-dlq-redrive',
} as const;

export const TASK_QUEUE = 'journeys';

/**
 * Each channel's send activities run on a task queue of their own, beside the workflows'
 * (`journeys.send.email`…): Temporal limits the rate of activities per task queue across
 * all workers, which is how each provider's send rate is kept.
 */
export const channelTaskQueue = (workflowTaskQueue: string, channel: Channel) => `${workflowTaskQueue}.send.${channel}`;

export type SendActivityName<C extends Channel> = `send${Capitalize<ChannelCamelCase<C>>}`;

/** The activity that sends on a channel (`sendEmail`, `sendDirectMail`), on the channel's queue. */
export function sendActivityName<C extends Channel>(channel: C): SendActivityName<C> {
  const name = channelCamelCase(channel);
  return `send${name.charAt(0).toUpperCase()}${name.slice(1)}` as SendActivityName<C>;
}

// The same values @temporalio/workflow's defineSignal/defineQuery make; built here so
// that clients need not import the workflow package.
const signal = <Args extends unknown[]>(name: string) => ({ type: 'signal', name }) as SignalDefinition<Args>;
const query = <Result>(name: string) => ({ type: 'query', name }) as QueryDefinition<Result>;

/** Router → customer workflow: one customer's events of one Kafka batch, in log order. */
export const customerEventsSignal = signal<[CustomerEventEnvelope[]]>('customerEvents');
/** Customer workflow → journey: an event the journey exits on or waits for. */
export const journeyEventSignal = signal<[CustomerEventEnvelope]>('journeyEvent');
/** Journey → customer workflow: the journey ended (the customer workflow may have continued as new since it started it). */
export const journeyEndedSignal = signal<[workflowId: string]>('journeyEnded');
/** Router → a merged customer's workflow (signal-with-start): you are now `into`; hand over. */
export const mergeIntoSignal = signal<[{ into: string }]>('mergeInto');
/** Merged customer's workflow → the customer it joined: its stage, journeys and entries. */
export const customerHandedOverSignal = signal<[Handover]>('customerHandedOver');
export const getCustomerStateQuery = query<CustomerState>('getCustomerState');

/**
 * A workflow type that clients start, signal-with-start and get handles for by its wire
 * name, with its arguments and result checked: `client.workflow.start(customerWorkflowType, …)`.
 * The SDK takes a function's name as the workflow type; this stand-in only carries the
 * name and the signature (the real function runs on a worker).
 */
export function workflowType<Fn extends Workflow>(name: string): Fn {
  const standIn = () => {
    throw new Error(`${name} runs on a Temporal worker: start it through a client`);
  };
  return Object.defineProperty(standIn, 'name', { value: name }) as unknown as Fn;
}

export type CustomerWorkflow = (input: CustomerWorkflowInput) => Promise<never>;
export const customerWorkflowType = workflowType<CustomerWorkflow>('customerWorkflow');

/** What a recompute of the base-wide customer figures did (RFM, latency, the purchase models). */
export interface CustomerValueRecomputed {
  customers: number;
  seconds: number;
  bgNbd: Record<string, number> | null;
  gammaGamma: Record<string, number> | null;
  /** Every customer's segments decided again after the scores moved (absent in runs before segments). */
  segments?: { customers: number; entered: number; exited: number; seconds: number };
  /** The holiday campaign windows opening the next day (absent in runs before campaigns). */
  campaigns?: CampaignWindowsOpened;
}
/** What a day's opening of holiday campaign windows did: customers per window, and the campaigns operators paused, stopped or disabled. */
export interface CampaignWindowsOpened {
  /** The date (YYYY-MM-DD) whose windows were opened. */
  date: string;
  /** Each window opened by this run; `opensOn` before `date` - 1: a missed night caught up. */
  windows: { campaignId: string; place: string; occurrence: string; opensOn?: string; customers: number }[];
  /**
   * Campaigns not opened: with windows due that nobody may enter now (they open on a later
   * run, once resumed), or that cannot work as written ('invalid', logged at worker boot).
   */
  skipped: { campaignId: string; reason: 'paused' | 'stopped' | 'disabled' | 'invalid' }[];
}
export type CustomerValueRecomputeWorkflow = () => Promise<CustomerValueRecomputed>;
export const customerValueRecomputeWorkflowType = workflowType<CustomerValueRecomputeWorkflow>('customerValueRecomputeWorkflow');
/** The Temporal Schedule that runs it (nightly by default, METRICS_RECOMPUTE_CRON). */
export const customerValueScheduleId = 'customer-value-recompute';

/** Every journey's workflow has this shape; each journey names its type in its descriptor. */
export type JourneyWorkflow = (input: JourneyInput) => Promise<JourneyResult>;

// Keyword search attributes registered by infra/temporal.sh. Ids and stages only: search
// attributes are stored in plain text, so no PII goes here.
export const searchAttributes = {
  customerId: defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD),
  journeyName: defineSearchAttributeKey('JourneyName', SearchAttributeType.KEYWORD),
  journeyStep: defineSearchAttributeKey('JourneyStep', SearchAttributeType.KEYWORD),
  lifecycleStage: defineSearchAttributeKey('LifecycleStage', SearchAttributeType.KEYWORD),
} as const;

/** One long-lived workflow per customer; the id makes signalWithStart idempotent. */
export function customerWorkflowId(customerId: string): string {
  return `customer/${customerId}`;
}

/** One journey run per customer and journey key (e.g. the cart id). */
export function journeyWorkflowId(journeyId: string, customerId: string, key: string): string {
  return `journey/${journeyId}/${customerId}/${key}`;
}
