/**
 * One workflow per customer: the single place where a customer's events meet their
 * journeys. It ignores redelivered events, starts journeys as child workflows with
 * deterministic ids, and forwards to running journeys the events they exit on or wait for.
 * When another id merges into the customer (an anonymous visitor logs in), that id's
 * workflow hands over its journeys and forwards its later events here (lib/identity.ts).
 */
import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities/index.ts';
import type { CustomerState, CustomerWorkflowInput, Handover } from '../schemas/customer.ts';
import type { CustomerEventEnvelope } from '../schemas/envelope.ts';
import type { JourneyInput } from '../schemas/journey.ts';
import {
  customerEventsSignal,
  customerHandedOverSignal,
  customerWorkflowId,
  getCustomerStateQuery,
  journeyEndedSignal,
  journeyEventSignal,
  journeyWorkflowId,
  mergeIntoSignal,
  searchAttributes,
} from '../schemas/names.ts';
import { advanceStage, initialCustomerState, rememberEvent } from './lib/customer-state.ts';
import { adopt, enteredUnderMergedId, handOver, HANDOVER_WAIT, identitiesMergedEvent, rememberEntryKey } from './lib/identity.ts';
import { journeyEntryRequestedEvent, requestedEntry } from './lib/entry-requests.ts';
import { exitRuleFor, priorityKeys, startsJourney, triggerKeyOf, type AnyJourney } from './lib/journey-descriptor.ts';
import { entryKey } from './lib/reentry.ts';
import { journeyRegistry, routedByJourney } from './registry.ts';

/**
 * A run continues as new after this many events even if Temporal has not suggested it yet:
 * every event arrives in a signal payload that stays in the history, and Temporal refuses
 * signals beyond 10,000 per run. A busy customer's history stays small and quick to replay.
 */
export const EVENTS_PER_RUN = 1_000;

/** A local activity: one quick read, kept out of the history but for its marker. */
const { readJourneySettings } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export async function customerWorkflow(input: CustomerWorkflowInput): Promise<never> {
  // Counters added after the first release: a run carried from an older one starts them at 0.
  const state: CustomerState = { ...initialCustomerState(), ...input.carried };
  const seen = new Set(state.recentEventIds);
  // In arrival order: batches of events, and the router's "merge into" for this id.
  const inbox: ({ events: CustomerEventEnvelope[] } | { mergeInto: string })[] = [];
  setHandler(customerEventsSignal, (events) => void inbox.push({ events }));
  setHandler(mergeIntoSignal, ({ into }) => void inbox.push({ mergeInto: into }));
  setHandler(getCustomerStateQuery, () => state);
  const customer = (customerId: string) => getExternalWorkflowHandle(customerWorkflowId(customerId));

  const showStage = () =>
    upsertSearchAttributes([
      { key: searchAttributes.customerId, value: input.customerId },
      { key: searchAttributes.lifecycleStage, value: state.lifecycleStage },
    ]);
  showStage();

  const journeyFinished = (workflowId: string) => {
    state.activeJourneys = state.activeJourneys.filter((journey) => journey.workflowId !== workflowId);
    // Its journeys belong to the customer this id merged into now.
    if (state.mergedInto)
      void customer(state.mergedInto)
        .signal(journeyEndedSignal, workflowId)
        .catch(() => undefined);
  };
  // Journeys started by an earlier run of this workflow say so themselves when they end.
  setHandler(journeyEndedSignal, journeyFinished);

  const handedOver = new Set<string>();
  setHandler(customerHandedOverSignal, (handover: Handover) => {
    if (state.mergedInto)
      return void customer(state.mergedInto)
        .signal(customerHandedOverSignal, handover)
        .catch(() => undefined);
    handedOver.add(handover.from);
    const { duplicates } = adopt(state, handover);
    showStage();
    // The same cart under both ids: the customer's own journey goes on, the adopted one stops.
    for (const workflowId of duplicates)
      void getExternalWorkflowHandle(workflowId)
        .cancel()
        .catch(() => undefined);
  });

  /** Waits (a while) for the merged id's journeys, so the events after the merge reach them too. */
  async function awaitHandover(mergedId: string): Promise<void> {
    if (mergedId === input.customerId || state.mergedFrom?.includes(mergedId)) return;
    await condition(() => handedOver.has(mergedId), HANDOVER_WAIT);
  }

  async function enter(journey: AnyJourney, trigger: CustomerEventEnvelope): Promise<void> {
    // A journey added after release: histories from before it replay without it.
    if (journey.addedAs !== undefined && !patched(journey.addedAs)) return;
    // Declared only by journeys added with it (browse abandonment): older histories never ask.
    if (journey.notWhileIn?.some((busy) => state.activeJourneys.some((active) => active.journeyId === busy))) return;
    const key = entryKey(journey.reentry, {
      triggerKey: triggerKeyOf(journey, trigger),
      entries: state.journeyEntries[journey.id],
      now: Date.now(),
    });
    if (key === null) return;
    // A journey the shop switched off: the customer stays out without spending their entry (or
    // the workflow id), so a 'once' journey is open to them when it is switched back on.
    if (patched('switched-off-journeys-spend-no-entry') && !(await readJourneySettings(journey.id)).enabled) return;
    const perKey = journey.reentry === 'once-per-key';
    if (perKey && enteredUnderMergedId(state, journey.id, key)) return;
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
        // Urgent journeys go ahead of the rest on a busy queue (added after release: patched).
        ...(journey.priority && patched('journey-priorities') ? { priority: { priorityKey: priorityKeys[journey.priority] } } : {}),
      });
      state.activeJourneys.push({ workflowId, journeyId: journey.id, ...(perKey ? { key } : {}) });
      if (perKey) rememberEntryKey(state, journey.id, key);
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

  /**
   * A journey this event would start, that a later event of the same batch already ends (a
   * cart ordered in the batch that abandoned it, an imported history's earlier orders for
   * the win-back): not started at all (added after release: patched).
   */
  const endedLaterInBatch = (journey: AnyJourney, event: CustomerEventEnvelope, later: readonly CustomerEventEnvelope[]) =>
    later.some((next) => exitRuleFor(journey, event, next) !== undefined) && patched('skip-entries-the-batch-ends');

  async function apply(event: CustomerEventEnvelope, later: readonly CustomerEventEnvelope[]): Promise<void> {
    if (event.type === identitiesMergedEvent) await awaitHandover((event.payload as { merged_customer_id: string }).merged_customer_id);
    const stage = advanceStage(state.lifecycleStage, event);
    if (stage !== state.lifecycleStage) {
      state.lifecycleStage = stage;
      showStage();
    }
    await forward(event);
    for (const journey of journeyRegistry) {
      if (startsJourney(journey, event) && !endedLaterInBatch(journey, event, later)) await enter(journey, event);
    }
    // An operator's backfill: an event from before a journey shipped, offered to it alone (added after release: patched).
    if (event.type === journeyEntryRequestedEvent && patched('journey-entry-requests')) {
      const requested = requestedEntry(event, journeyRegistry);
      if (requested) await enter(requested.journey, requested.trigger);
    }
  }

  let eventsThisRun = 0;
  const timeToContinueAsNew = () => workflowInfo().continueAsNewSuggested || eventsThisRun >= EVENTS_PER_RUN;
  for (;;) {
    await condition(() => inbox.length > 0 || timeToContinueAsNew());
    while (inbox.length > 0) {
      const item = inbox.shift()!;
      if ('mergeInto' in item) {
        // This id is someone else now: what it runs moves there (or nothing, if it merged before).
        const handover = handOver(state, input.customerId, item.mergeInto);
        await customer(item.mergeInto)
          .signal(customerHandedOverSignal, handover)
          .catch(() => undefined);
        continue;
      }
      eventsThisRun += item.events.length;
      if (state.mergedInto) {
        // Gone only if an operator ended it; the events stay in the event store either way.
        await customer(state.mergedInto)
          .signal(customerEventsSignal, item.events)
          .catch(() => undefined);
        continue;
      }
      for (const [index, event] of item.events.entries()) {
        if (rememberEvent(state, event.eventId, seen)) {
          state.eventsApplied += 1;
          await apply(event, item.events.slice(index + 1));
        }
      }
    }
    if (timeToContinueAsNew()) {
      await continueAsNew<typeof customerWorkflow>({ customerId: input.customerId, carried: state });
    }
  }
}
