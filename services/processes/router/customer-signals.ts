/**
 * How events reach a customer's workflow: signal-with-start, so the first event of a
 * customer starts it. The router sends these; the workflow testbeds send them the same way.
 */
import type { Client } from '@temporalio/client';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import {
  customerEventsSignal,
  customerWorkflowId,
  customerWorkflowType,
  mergeIntoSignal,
  searchAttributes,
} from '../../../schemas/names.ts';

const startArgs = (customerId: string, taskQueue: string) => ({
  workflowId: customerWorkflowId(customerId),
  taskQueue,
  args: [{ customerId }] as [{ customerId: string }],
  typedSearchAttributes: [{ key: searchAttributes.customerId, value: customerId }],
});

/** One customer's events, in log order. */
export function signalCustomerEvents(temporal: Client, taskQueue: string, customerId: string, events: CustomerEventEnvelope[]) {
  return temporal.workflow.signalWithStart(customerWorkflowType, {
    ...startArgs(customerId, taskQueue),
    signal: customerEventsSignal,
    signalArgs: [events],
  });
}

/**
 * Tells a merged id's workflow (started if it never had events: later ones may still come)
 * to hand its journeys over to the customer it joined, once that customer has the merge event.
 */
export function signalMergeInto(temporal: Client, taskQueue: string, mergedId: string, into: string) {
  return temporal.workflow.signalWithStart(customerWorkflowType, {
    ...startArgs(mergedId, taskQueue),
    signal: mergeIntoSignal,
    signalArgs: [{ into }],
  });
}
