/**
 * The journey library: what a journey file is written with. A journey declares its
 * descriptor (journey-descriptor.ts) and a body that reads like the customer's timeline
 * (journey-context.ts); `runJourney` runs the body, turns exits into cancellation (so an
 * exit cuts any running wait short) and reports what was sent.
 */
import {
  CancellationScope,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  sleep as durableSleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { KnownEventName } from '../../schemas/catalog.ts';
import type { CustomerEvent } from '../../schemas/envelope.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { journeyEndedSignal, searchAttributes } from '../../schemas/names.ts';
import { assignArm, type Arm } from './assignment.ts';
import { createDelivery, JourneyStopped } from './delivery.ts';
import { listenForEvents } from './exits-and-inbox.ts';
import { durationMs } from './duration.ts';
import { journeyTimeScale, scaledMs as scaled } from './journey-time.ts';
import type { JourneyContext } from './journey-context.ts';
import type { JourneyDescriptor } from './journey-descriptor.ts';
import { resolveParameters, type ParameterSpecs } from './journey-parameters.ts';

export { defineJourney, type JourneyDescriptor } from './journey-descriptor.ts';
export type { JourneyContext } from './journey-context.ts';
export { PAUSED_RECHECK } from './delivery.ts';

const {
  recordAssignment,
  recordJourneyEntered,
  recordJourneyEnded,
  readProfileFacts,
  nextLocalTime,
  nextAnniversary,
  offerCoupon,
  readJourneySettings,
  readViewedProducts,
} = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export async function runJourney<Trigger extends KnownEventName, Waits extends KnownEventName, Params extends ParameterSpecs>(
  descriptor: JourneyDescriptor<Trigger, Waits, Params>,
  input: JourneyInput,
  body: (journey: JourneyContext<Trigger, Waits, Params>) => Promise<void>,
): Promise<JourneyResult> {
  // The router sends only catalog-valid events, and this journey is started by its trigger.
  const trigger = input.trigger as CustomerEvent<Trigger>;
  const scope = new CancellationScope();
  const events = listenForEvents(descriptor, trigger, scope);

  const startedAt = workflowInfo().runStartTime.getTime();
  const step = (name: string) => upsertSearchAttributes([{ key: searchAttributes.journeyStep, value: name }]);
  const arm: Arm = assignArm(input.customerId, descriptor.id, descriptor);
  const staysWhileDisabled = descriptor.onDisable === 'skip-sends';
  const stepOf = (name: string) => ({
    customerId: input.customerId,
    journeyId: descriptor.id,
    workflowId: workflowInfo().workflowId,
    step: name,
    ...(arm.holdout ? { holdout: true as const } : {}),
    ...(staysWhileDisabled ? { skipWhileDisabled: true as const } : {}),
  });
  const delivery = createDelivery({ trigger: input.trigger, stepOf, showStep: step });

  upsertSearchAttributes([
    { key: searchAttributes.customerId, value: input.customerId },
    { key: searchAttributes.journeyName, value: descriptor.id },
  ]);
  step('entered');
  // Read as the customer enters (added after release: runs from before replay with the defaults).
  const settings = patched('journey-settings') ? await readJourneySettings(descriptor.id) : { enabled: true, parameters: {} };
  // A journey entered once for years goes on while off, its sends skipped (added after release: such runs before exited).
  if (!settings.enabled && !(staysWhileDisabled && patched('journeys-that-outlive-disabling'))) {
    // Switched off by the shop: the customer does not enter (no assignment, no message).
    step('exited:disabled');
    await tellCustomerWorkflow();
    return { outcome: 'exited', reason: 'disabled', sends: [], arm };
  }

  const journey: JourneyContext<Trigger, Waits, Params> = {
    trigger,
    variant: arm.variant,
    holdout: arm.holdout,
    parameters: resolveParameters(descriptor.parameters, settings.parameters),
    sleep: (duration) => durableSleep(scaled(duration)),
    async sleepUntilAfterStart(duration) {
      const remaining = startedAt + scaled(duration) - Date.now();
      if (remaining > 0) await durableSleep(remaining);
    },
    async waitUntilLocalTime(time) {
      const at = await nextLocalTime({ customerId: input.customerId, time, after: new Date().toISOString() });
      const remaining = Date.parse(at) - Date.now();
      if (remaining > 0) await durableSleep(Math.max(1, remaining * journeyTimeScale));
    },
    async nextAnniversary(of, time, after = Date.now()) {
      const next = await nextAnniversary({ customerId: input.customerId, of, time, after: new Date(after).toISOString() });
      return { at: Date.parse(next.at), year: next.year };
    },
    async nextLocalTime(time) {
      return Date.parse(await nextLocalTime({ customerId: input.customerId, time, after: new Date().toISOString() }));
    },
    async waitUntil(at) {
      const remaining = at - Date.now();
      if (remaining > 0) await durableSleep(Math.max(1, remaining * journeyTimeScale));
    },
    waitForEvent: (type, { within, match }) => events.waitForEvent(type, scaled(within), match),
    profile: () => readProfileFacts(input.customerId),
    offerCoupon: ({ step: stepName, pool }) => offerCoupon({ ...stepOf(stepName), poolId: pool, at: new Date().toISOString() }),
    // Unscaled: views are facts of the shop's clock, as the browsing segment that started it reads them.
    viewedProducts: ({ within, minViews }) =>
      readViewedProducts({ customerId: input.customerId, since: new Date(Date.now() - durationMs(within)).toISOString(), minViews }),
    step,
    leave(reason) {
      events.exit(reason);
      throw new JourneyLeft(reason);
    },
    send: delivery.send,
  };

  const assigns = descriptor.holdout !== undefined || descriptor.experiment !== undefined;
  const { workflowId } = workflowInfo();
  const assignment = {
    customerId: input.customerId,
    journeyId: descriptor.id,
    workflowId,
    experimentId: descriptor.experiment?.id ?? null,
    ...arm,
    at: new Date().toISOString(),
  };
  // Entries and ends on journey-outcomes feed the journey reports (added after release: runs
  // from before only recorded their assignment, if they had one).
  const publishesEntries = patched('journey-outcomes-entries-and-ends');
  if (publishesEntries) await recordJourneyEntered({ ...assignment, assigns });
  else if (assigns && (descriptor.assignmentAddedAs === undefined || patched(descriptor.assignmentAddedAs)))
    await recordAssignment(assignment);
  const ended = async (outcome: 'completed' | 'exited', reason?: string) => {
    if (!publishesEntries) return;
    const end = { customerId: input.customerId, journeyId: descriptor.id, workflowId, outcome, at: new Date().toISOString() };
    await recordJourneyEnded(reason === undefined ? end : { ...end, reason });
  };
  try {
    await scope.run(() => body(journey));
    step('completed');
    await ended('completed');
    await tellCustomerWorkflow();
    return { outcome: 'completed', sends: delivery.sends, arm };
  } catch (error) {
    if (error instanceof JourneyStopped) events.exit('stopped-by-operator');
    else if (events.exitReason() === undefined || !(isCancellation(error) || error instanceof JourneyLeft)) throw error;
    const reason = events.exitReason()!;
    await CancellationScope.nonCancellable(delivery.cancelMailInWindow);
    step(`exited:${reason}`);
    await CancellationScope.nonCancellable(() => ended('exited', reason));
    await CancellationScope.nonCancellable(tellCustomerWorkflow);
    return { outcome: 'exited', reason, sends: delivery.sends, arm };
  }
}

/** Thrown by `journey.leave`: the body ends there, and the journey as exited. */
class JourneyLeft extends Error {}

/**
 * The customer workflow that started this journey watches its end only until it continues
 * as new; so the journey says it ended (added after release: patched). Journeys started
 * without one (tests, a manual start) have no one to tell.
 */
async function tellCustomerWorkflow(): Promise<void> {
  const { parent, workflowId } = workflowInfo();
  if (!parent || !patched('journey-reports-end')) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId).signal(journeyEndedSignal, workflowId);
  } catch {
    // The customer workflow is gone (terminated by an operator): nothing to update.
  }
}
