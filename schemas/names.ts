/**
 * Wire names shared by every process: topics, task queue, signals, search attributes and
 * workflow ids. Wire names never change once shipped; add new ones instead.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Channel } from './primitives.ts';

export const topics = {
  customerEvents: 'customer-events',
  deadLetters: 'customer-events.dlq',
  journeyOutcomes: 'journey-outcomes',
} as const;

export const consumerGroups = {
  router: 'journeys-router',
  projector: 'journeys-projector',
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

/** Which channel's queue each activity runs on. */
export const activityChannels = {
  sendEmail: 'email',
  sendSms: 'sms',
  sendPush: 'push',
  sendDirectMail: 'direct_mail',
  cancelDirectMail: 'direct_mail',
} as const satisfies Record<string, Channel>;

export const signalNames = {
  customerEvents: 'customerEvents',
  journeyEvent: 'journeyEvent',
} as const;

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
