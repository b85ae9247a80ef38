/**
 * One workflow per customer: the single place where a customer's events meet their
 * journeys. It ignores redelivered events, starts journeys as child workflows with
 * deterministic ids, and forwards to running journeys the events they exit on or wait for.
 */
import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CustomerState, CustomerWorkflowInput } from '../schemas/customer.ts';
import type { CustomerEventEnvelope } from '../schemas/envelope.ts';
import type { JourneyInput } from '../schemas/journey.ts';
import {
  customerEventsSignal,
  getCustomerStateQuery,
  journeyEndedSignal,
  journeyEventSignal,
  journeyWorkflowId,
  searchAttributes,
} from '../schemas/names.ts';
import { advanceStage, initialCustomerState, rememberEvent } from './lib/customer-state.ts';
import { triggerKeyOf, type AnyJourney } from './lib/journey-descriptor.ts';
import { entryKey } from './lib/reentry.ts';
import { journeyRegistry, routedByJourney } from './registry.ts';

/**
 * A run continues as new after this many events even if Temporal has not suggested it yet:
 * every event arrives in a signal payload that stays in the history, and Temporal refuses
 * signals beyond 10,000 per run. A busy customer's history stays small and quick to replay.
 */
export const EVENTS_PER_RUN = 1_000;

export async function customerWorkflow(input: CustomerWorkflowInput): Promise<never> {
  // Counters added after the first release: a run carried from an older one starts them at 0.
  const state: CustomerState = { ...initialCustomerState(), ...input.carried };
  const seen = new Set(state.recentEventIds);
  const pending: CustomerEventEnvelope[] = [];
  setHandler(customerEventsSignal, (events) => void pending.push(...events));
  setHandler(getCustomerStateQuery, () => state);

  const showStage = () =>
    upsertSearchAttributes([
      { key: searchAttributes.customerId, value: input.customerId },
      { key: searchAttributes.lifecycleStage, value: state.lifecycleStage },
    ]);
  showStage();

  const journeyFinished = (workflowId: string) => {
    state.activeJourneys = state.activeJourneys.filter((journey) => journey.workflowId !== workflowId);
  };
  // Journeys started by an earlier run of this workflow say so themselves when they end.
  setHandler(journeyEndedSignal, journeyFinished);

  async function enter(journey: AnyJourney, trigger: CustomerEventEnvelope): Promise<void> {
    const key = entryKey(journey.reentry, {
      triggerKey: triggerKeyOf(journey, trigger),
      entries: state.journeyEntries[journey.id],
      now: Date.now(),
    });
    if (key === null) return;
    const workflowId = journeyWorkflowId(journey.id, input.customerId, key);
    if (state.activeJourneys.some((active) => active.workflowId === workflowId)) return;
    const args: [JourneyInput] = [{ customerId: input.customerId, trigger }];
    try {
      const child = await startChild(journey.workflowType, {
        workflowId,
        args,
        // Journeys outlive each run of this workflow (continue-as-new closes the run).
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: searchAttributes.customerId, value: input.customerId },
          { key: searchAttributes.journeyName, value: journey.id },
        ],
      });
      state.activeJourneys.push({ workflowId, journeyId: journey.id });
      state.journeyEntries[journey.id] = { count: (state.journeyEntries[journey.id]?.count ?? 0) + 1, lastAt: Date.now() };
      child.result().then(
        () => journeyFinished(workflowId),
        () => journeyFinished(workflowId),
      );
    } catch (error) {
      // Entered before (once-per-key): not an error, the customer simply stays out.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  async function forward(event: CustomerEventEnvelope): Promise<void> {
    for (const active of [...state.activeJourneys]) {
      if (!routedByJourney.get(active.journeyId)?.has(event.type)) continue;
      try {
        await getExternalWorkflowHandle(active.workflowId).signal(journeyEventSignal, event);
      } catch {
        // It closed (e.g. finished in a previous run of this workflow): nothing to forward to.
        journeyFinished(active.workflowId);
      }
    }
  }

  async function apply(event: CustomerEventEnvelope): Promise<void> {
    const stage = advanceStage(state.lifecycleStage, event);
    if (stage !== state.lifecycleStage) {
      state.lifecycleStage = stage;
      showStage();
    }
    await forward(event);
    for (const journey of journeyRegistry) {
      if (journey.trigger.event === event.type) await enter(journey, event);
    }
  }

  let eventsThisRun = 0;
  const timeToContinueAsNew = () => workflowInfo().continueAsNewSuggested || eventsThisRun >= EVENTS_PER_RUN;
  for (;;) {
    await condition(() => pending.length > 0 || timeToContinueAsNew());
    while (pending.length > 0) {
      const event = pending.shift()!;
      eventsThisRun += 1;
      if (rememberEvent(state, event.eventId, seen)) {
        state.eventsApplied += 1;
        await apply(event);
      }
    }
    if (timeToContinueAsNew()) {
      await continueAsNew<typeof customerWorkflow>({ customerId: input.customerId, carried: state });
    }
  }
}
