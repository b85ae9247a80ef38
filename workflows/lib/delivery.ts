/**
 * How a journey's messages go out: `send.<channel>` for every channel of the channel table,
 * each through its channel's send activity (on the channel's task queue, where the
 * provider's send rate is held). A paused journey, a frequency cap or quiet hours make a
 * send wait on a durable timer and ask again; nothing is dropped for being early.
 */
import { patched, proxyActivities, sleep as durableSleep, workflowInfo } from '@temporalio/workflow';
import type { MessageRequest } from '../../activities/channels/message-request.ts';
import type { Activities } from '../../activities/index.ts';
import type { SendOutcome } from '../../schemas/journey.ts';
import { channelCamelCase, channels, type Channel } from '../../schemas/channels.ts';
import { channelTaskQueue, sendActivityName } from '../../schemas/names.ts';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import type { Duration } from './duration.ts';
import { scaledMs as scaled } from './journey-time.ts';
import type { Sends, TemplatedSend } from './journey-context.ts';

/** How often a send held by a paused journey asks the gate again (journey time). */
export const PAUSED_RECHECK: Duration = '5 minutes';

/** Thrown out of a send when an operator stopped the journey: the customer exits. */
export class JourneyStopped extends Error {}

/** Who a step's request is about: the customer, journey, workflow and step (and the holdout and disabling flags). */
export type StepOf = (step: string) => {
  customerId: string;
  journeyId: string;
  workflowId: string;
  step: string;
  holdout?: true;
  skipWhileDisabled?: true;
};

/** When the journey asks the gate (its clock, which caps and quiet hours judge) and by when the message still makes sense. */
type SendTiming = { at: string; deadline?: string };

const retry = { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 } as const;

/** A channel's activities, on the channel's own task queue beside this workflow's. */
function onChannelQueue(channel: Channel) {
  return proxyActivities<Activities>({
    taskQueue: channelTaskQueue(workflowInfo().taskQueue, channel),
    startToCloseTimeout: '1 minute',
    retry,
  });
}

export function createDelivery(options: {
  trigger: CustomerEventEnvelope;
  stepOf: StepOf;
  /** Shows the step to operators (JourneyStep). */
  showStep: (name: string) => void;
}) {
  const { stepOf, showStep } = options;
  /** Every decision, in order: the journey's result. */
  const sends: SendOutcome[] = [];
  /** Direct mail steps the journey asked for: on an exit, their pieces are cancelled if still possible. */
  const mailSteps = new Set<string>();

  /** A send that waits shows it (added after release: runs that waited before it replay without it). */
  async function waitShown(label: string, ms: number): Promise<void> {
    const shown = patched('journey-step-shows-waits');
    if (shown) showStep(label);
    await durableSleep(ms);
    if (shown) showStep(label.slice(0, label.lastIndexOf(':')));
  }

  /** One step's message through the send gate; `deliverWithin` bounds the wait: past it the gate skips the step as pointless. */
  async function deliver(
    stepName: string,
    deliverWithin: Duration | undefined,
    ask: (timing: SendTiming) => Promise<SendOutcome>,
  ): Promise<SendOutcome> {
    showStep(stepName);
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

  function sendOn(channel: Channel) {
    const sendActivity: (request: MessageRequest) => Promise<SendOutcome> = onChannelQueue(channel)[sendActivityName(channel)];
    return ({
      step: stepName,
      deliverWithin,
      template,
      coupon,
      purpose,
      confirmsSubscription,
      promised,
      products,
      facts,
      covered,
    }: TemplatedSend) => {
      if (channel === 'direct_mail') mailSteps.add(stepName);
      const request = {
        ...stepOf(stepName),
        template,
        trigger: options.trigger,
        ...(coupon ? { coupon } : {}),
        ...(purpose ? { purpose } : {}),
        ...(confirmsSubscription ? { confirmsSubscription } : {}),
        ...(promised ? { promised } : {}),
        ...(products ? { products } : {}),
        ...(facts ? { facts } : {}),
        ...(covered ? { covered } : {}),
      };
      return deliver(stepName, deliverWithin, (timing) => sendActivity({ ...request, ...timing }));
    };
  }

  const send = Object.fromEntries(channels.map((channel) => [channelCamelCase(channel), sendOn(channel)])) as Sends;

  /** A customer who left the journey (converted, stopped) should not get its printed mail. */
  async function cancelMailInWindow(): Promise<void> {
    const { cancelDirectMail } = onChannelQueue('direct_mail');
    // Sent pieces, and any whose send was still running at the exit (the exit waits for it
    // to finish: activities default to WAIT_CANCELLATION_COMPLETED); not those skipped or failed.
    const settled = new Set(sends.filter((sent) => sent.channel === 'direct_mail' && sent.status !== 'sent').map((sent) => sent.step));
    for (const stepName of [...mailSteps].filter((name) => !settled.has(name))) {
      if ((await cancelDirectMail({ ...stepOf(stepName), at: new Date().toISOString() })) === 'cancelled') {
        sends.push({ status: 'cancelled', channel: 'direct_mail', step: stepName });
      }
    }
  }

  return { send, sends, cancelMailInWindow };
}
