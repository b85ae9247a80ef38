/**
 * The journey library: what a journey file is written with. A journey declares its
 * descriptor (trigger, exits) and a body that reads like the customer's timeline; the
 * library turns exits into cancellation, so an exit cuts any running wait short.
 */
import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep as durableSleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import type { KnownEventName } from '../../schemas/catalog.ts';
import { activityChannels, channelTaskQueue, searchAttributes } from '../../schemas/names.ts';
import { assignArm, type Arm, type Experiment } from './assignment.ts';
import { durationMs, type Duration } from './duration.ts';
import type { ReentryRule } from './reentry.ts';
import type { CouponOffer, JourneyInput, JourneyResult, ProfileFacts, SendOutcome } from './journey-types.ts';
import { journeyEndedSignal, journeyEventSignal } from './signals.ts';

export interface ExitRule {
  event: KnownEventName;
  /** Recorded as the exit reason, e.g. 'converted'. */
  reason: string;
  matches: (trigger: CustomerEventEnvelope, event: CustomerEventEnvelope) => boolean;
}

export interface JourneyDescriptor {
  id: string;
  /** Name of the exported workflow function that runs this journey. */
  workflowType: string;
  trigger: { event: KnownEventName; key: (event: CustomerEventEnvelope) => string };
  exitOn: ExitRule[];
  /** Other events the running journey waits for (waitForEvent). */
  waitsFor: KnownEventName[];
  /** Who may enter again, and when: once, once per trigger key (a cart), or after a cooldown. */
  reentry: ReentryRule;
  /** Share of entering customers (0–1) kept out of the messages, to measure the journey's lift. */
  holdout?: number;
  /** A/B variants; the body reads `journey.variant`. */
  experiment?: Experiment;
}

export function defineJourney(descriptor: JourneyDescriptor): JourneyDescriptor {
  return descriptor;
}

/**
 * The send activities, each on its channel's task queue (where the provider's send rate is
 * held), beside this workflow's own queue.
 */
function sendActivities() {
  const on = <Name extends keyof typeof activityChannels>(name: Name): Activities[Name] =>
    proxyActivities<Activities>({
      taskQueue: channelTaskQueue(workflowInfo().taskQueue, activityChannels[name]),
      startToCloseTimeout: '1 minute',
      retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
    })[name];
  return {
    sendEmail: on('sendEmail'),
    sendSms: on('sendSms'),
    sendPush: on('sendPush'),
    sendDirectMail: on('sendDirectMail'),
    cancelDirectMail: on('cancelDirectMail'),
  };
}

const { recordAssignment, readProfileFacts, nextLocalTime, offerCoupon } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** How often a send held by a paused journey asks the gate again (journey time). */
export const PAUSED_RECHECK: Duration = '5 minutes';

/** A message from the template library; `deliverWithin` bounds how long it may wait; a coupon it shows. */
type TemplatedSend = { step: string; template: string; deliverWithin?: Duration; coupon?: CouponOffer | null };

/** When the journey asks the gate (its clock, which caps and quiet hours judge) and by when the message still makes sense. */
type SendTiming = { at: string; deadline?: string };

/** Thrown out of a send when an operator stopped the journey: the customer exits. */
class JourneyStopped extends Error {}

export interface JourneyContext {
  trigger: CustomerEventEnvelope;
  /** The customer's variant of the journey's experiment; null without one (and in the holdout). */
  variant: string | null;
  /** Waits for a duration (scaled by the journey settings). */
  sleep(duration: Duration): Promise<void>;
  /** Waits until `duration` after the journey started: timings stay relative to the trigger. */
  sleepUntilAfterStart(duration: Duration): Promise<void>;
  /**
   * Waits until the next `time` ("HH:MM") of the customer's day in their time zone (the
   * shop's when unknown), e.g. a birthday message at 09:00 local. In a scaled run the wait
   * is scaled like any other.
   */
  waitUntilLocalTime(time: `${number}:${number}`): Promise<void>;
  /** Waits for an event of this type (and key) for at most `within`; null when none came. */
  waitForEvent(type: KnownEventName, options: { within: Duration; match?: (event: CustomerEventEnvelope) => boolean }): Promise<CustomerEventEnvelope | null>;
  /** What the customer allows and has, as of now (an activity): for branches such as "SMS when email is not allowed". */
  profile(): Promise<ProfileFacts>;
  /**
   * A unique single-use code from a coupon pool for this customer (the same one on a
   * replay), or null when the pool has none for them (empty, unknown, another country) and
   * for the holdout. Pass it to the send that shows it.
   */
  offerCoupon(offer: { step: string; pool: string }): Promise<CouponOffer | null>;
  /** Marks the step operators see in the JourneyStep search attribute. */
  step(name: string): void;
  /** Sends through the send gate; waits out pauses, caps and quiet hours (at most `deliverWithin`). */
  send: {
    email(message: TemplatedSend): Promise<SendOutcome>;
    sms(message: TemplatedSend): Promise<SendOutcome>;
    push(message: TemplatedSend): Promise<SendOutcome>;
    /** A postcard or letter; if the journey exits inside its cancellation window, the piece is cancelled. */
    directMail(message: TemplatedSend): Promise<SendOutcome>;
  };
}

export async function runJourney(
  descriptor: JourneyDescriptor,
  input: JourneyInput,
  body: (journey: JourneyContext) => Promise<void>,
): Promise<JourneyResult> {
  const { sendEmail, sendSms, sendPush, sendDirectMail, cancelDirectMail } = sendActivities();
  const sends: SendOutcome[] = [];
  /** Direct mail steps the journey asked for: on an exit, their pieces are cancelled if still possible. */
  const mailSteps = new Set<string>();
  const inbox: CustomerEventEnvelope[] = [];
  const scope = new CancellationScope();
  let exitReason: string | undefined;

  setHandler(journeyEventSignal, (event) => {
    if (exitReason !== undefined) return;
    const exit = descriptor.exitOn.find((rule) => rule.event === event.type && rule.matches(input.trigger, event));
    if (exit) {
      exitReason = exit.reason;
      scope.cancel();
      return;
    }
    inbox.push(event);
  });

  const scaled = (duration: Duration) => durationMs(duration) * input.settings.timeScale;
  const startedAt = workflowInfo().runStartTime.getTime();
  const step = (name: string) => upsertSearchAttributes([{ key: searchAttributes.journeyStep, value: name }]);
  const arm: Arm = assignArm(input.customerId, descriptor.id, descriptor);
  const stepOf = (name: string) => ({
    customerId: input.customerId,
    journeyId: descriptor.id,
    workflowId: workflowInfo().workflowId,
    step: name,
    ...(arm.holdout ? { holdout: true } : {}),
  });

  /**
   * Operators see a send that waits (held by a pause, deferred by a cap or quiet hours) in
   * JourneyStep. Added after release: runs that waited before it replay without it.
   */
  async function waitShown(label: string, ms: number): Promise<void> {
    const shown = patched('journey-step-shows-waits');
    if (shown) step(label);
    await durableSleep(ms);
    if (shown) step(label.slice(0, label.lastIndexOf(':')));
  }

  /**
   * One step's message through the send gate. A paused journey, a frequency cap or quiet
   * hours make it wait on a durable timer and ask again; nothing is dropped for being early.
   * `deliverWithin` bounds the wait: past it the gate skips the step as pointless.
   */
  async function deliver(stepName: string, deliverWithin: Duration | undefined, ask: (timing: SendTiming) => Promise<SendOutcome>): Promise<SendOutcome> {
    step(stepName);
    const deadline = deliverWithin === undefined ? {} : { deadline: new Date(Date.now() + scaled(deliverWithin)).toISOString() };
    for (;;) {
      const outcome = await ask({ at: new Date().toISOString(), ...deadline });
      if (outcome.status === 'held') {
        await waitShown(`${stepName}:held`, scaled(PAUSED_RECHECK));
        continue;
      }
      if (outcome.status === 'deferred') {
        await waitShown(`${stepName}:deferred`, Math.max(1, Date.parse(outcome.until) - Date.now()));
        continue;
      }
      sends.push(outcome);
      if (outcome.status === 'skipped' && outcome.reason === 'journey-stopped') throw new JourneyStopped();
      return outcome;
    }
  }

  const message = (stepName: string, { template, coupon }: Pick<TemplatedSend, 'template' | 'coupon'>) => ({
    ...stepOf(stepName),
    template,
    trigger: input.trigger,
    ...(coupon ? { coupon } : {}),
  });

  /** A customer who left the journey (converted, stopped) should not get its printed mail. */
  async function cancelMailInWindow(): Promise<void> {
    // Sent pieces, and any whose send was still running at the exit (the exit waits for it
    // to finish: activities default to WAIT_CANCELLATION_COMPLETED); not those skipped or failed.
    const settled = new Set(sends.filter((send) => send.channel === 'direct_mail' && send.status !== 'sent').map((send) => send.step));
    for (const stepName of [...mailSteps].filter((name) => !settled.has(name))) {
      if ((await cancelDirectMail({ ...stepOf(stepName), at: new Date().toISOString() })) === 'cancelled') {
        sends.push({ status: 'cancelled', channel: 'direct_mail', step: stepName });
      }
    }
  }

  const journey: JourneyContext = {
    trigger: input.trigger,
    variant: arm.variant,
    sleep: (duration) => durableSleep(scaled(duration)),
    async sleepUntilAfterStart(duration) {
      const remaining = startedAt + scaled(duration) - Date.now();
      if (remaining > 0) await durableSleep(remaining);
    },
    async waitUntilLocalTime(time) {
      const at = await nextLocalTime({ customerId: input.customerId, time, after: new Date().toISOString() });
      const remaining = Date.parse(at) - Date.now();
      if (remaining > 0) await durableSleep(Math.max(1, remaining * input.settings.timeScale));
    },
    async waitForEvent(type, { within, match }) {
      const index = () => inbox.findIndex((event) => event.type === type && (match?.(event) ?? true));
      const arrived = await condition(() => index() >= 0, scaled(within));
      return arrived ? (inbox.splice(index(), 1)[0] ?? null) : null;
    },
    profile: () => readProfileFacts(input.customerId),
    offerCoupon: ({ step: stepName, pool }) => offerCoupon({ ...stepOf(stepName), poolId: pool, at: new Date().toISOString() }),
    step,
    send: {
      email: ({ step: stepName, deliverWithin, ...content }) => deliver(stepName, deliverWithin, (timing) => sendEmail({ ...message(stepName, content), ...timing })),
      sms: ({ step: stepName, deliverWithin, ...content }) => deliver(stepName, deliverWithin, (timing) => sendSms({ ...message(stepName, content), ...timing })),
      push: ({ step: stepName, deliverWithin, ...content }) => deliver(stepName, deliverWithin, (timing) => sendPush({ ...message(stepName, content), ...timing })),
      directMail: ({ step: stepName, deliverWithin, ...content }) => {
        mailSteps.add(stepName);
        return deliver(stepName, deliverWithin, (timing) => sendDirectMail({ ...message(stepName, content), ...timing }));
      },
    },
  };

  upsertSearchAttributes([
    { key: searchAttributes.customerId, value: input.customerId },
    { key: searchAttributes.journeyName, value: descriptor.id },
  ]);
  step('entered');
  if (descriptor.holdout !== undefined || descriptor.experiment !== undefined) {
    const { workflowId } = workflowInfo();
    await recordAssignment({ customerId: input.customerId, journeyId: descriptor.id, workflowId, experimentId: descriptor.experiment?.id ?? null, ...arm, at: new Date().toISOString() });
  }
  try {
    await scope.run(() => body(journey));
    step('completed');
    await tellCustomerWorkflow();
    return { outcome: 'completed', sends, arm };
  } catch (error) {
    if (error instanceof JourneyStopped) exitReason = 'stopped-by-operator';
    else if (exitReason === undefined || !isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(cancelMailInWindow);
    step(`exited:${exitReason}`);
    await CancellationScope.nonCancellable(tellCustomerWorkflow);
    return { outcome: 'exited', reason: exitReason, sends, arm };
  }
}

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
