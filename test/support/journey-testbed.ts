/**
 * Journeys on Temporal's time-skipping test server with the real send activities: consent
 * and the ledger in PostgreSQL, outcomes to Kafka, email over SMTP to the sink. Real
 * durations (30 minutes, 3 days) pass in moments.
 */
import { Context } from '@temporalio/activity';
import { loadConfig } from '../../services/platform/config.ts';
import type { SendPolicy } from '../../services/platform/send-policy/send-policy.ts';
import { cartAbandonment } from '../../workflows/journeys/cart-abandonment.ts';
import { createActivityDeps } from './activity-deps.ts';
import { customerEvent } from './fixtures.ts';
import { startWorkflowTestbed } from './workflow-testbed.ts';

export const config = loadConfig();

export async function startJourneyTestbed(name: string, policy: SendPolicy) {
  const deps = createActivityDeps(name, config);
  /** Test-server time of each email the send activity was asked for, by customer. */
  const sendTimes = new Map<string, number[]>();
  /** The task queues direct mail was sent from (each channel has its own, for its send rate). */
  const mailQueues = new Set<string>();

  await deps.start();
  const real = deps.activities({ policy });
  const bed = await startWorkflowTestbed(name, (env) => ({
    ...real,
    async sendEmail(request: Parameters<typeof real.sendEmail>[0]) {
      const times = sendTimes.get(request.customerId) ?? [];
      times.push(await env.currentTimeMs());
      sendTimes.set(request.customerId, times);
      return real.sendEmail(request);
    },
    async sendDirectMail(request: Parameters<typeof real.sendDirectMail>[0]) {
      mailQueues.add(Context.current().info.taskQueue);
      return real.sendDirectMail(request);
    },
  }));

  return {
    ...bed,
    db: deps.db,
    sendTimes,
    mailQueues,
    inbox: deps.inbox,
    sink: deps.sink,
    /** A €80 cart unless `value` says otherwise. */
    startCartAbandonment(customerId: string, cartId: string, value = { amount: 8000, currency: 'EUR' }) {
      return bed.startJourney(
        cartAbandonment,
        customerId,
        cartId,
        customerEvent(customerId, 'Checkout Started', { cart_id: cartId, value }),
      );
    },
    async stop() {
      await bed.stop();
      await deps.stop();
    },
  };
}

export type JourneyTestbed = Awaited<ReturnType<typeof startJourneyTestbed>>;
