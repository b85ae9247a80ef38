/**
 * What the simulated customers do once the journeys have written to them: some follow a
 * link in the email they got (through its tracked link, as a mail client would), and some
 * come back and order, more of those who got a message than of those held out, so that the
 * journey reports and the console have clicks, conversions and a lift to show (the demo's
 * known effect: 12% of customers who got a message order within the week, 6% of the others).
 */
import type { Db } from '../../platform/db/pool.ts';
import { expectAccepted, type SegmentClient } from '../demo/segment-client.ts';
import type { MailSinkClient } from '../demo/mail-sink-client.ts';

export const RETURN_RATES = { gotMessage: 0.12, other: 0.06, click: 0.3 } as const;

const trackedLink = /https?:\/\/[^\s"'<>]+\/c\/[A-Za-z0-9_.-]+/;

export async function returningCustomers(
  deps: { db: Db; shop: SegmentClient; inbox: MailSinkClient },
  options: { customerPrefix: string; currency: string; random: () => number },
): Promise<{ clicked: number; ordered: number }> {
  const { random } = options;
  // Clicks first: a customer reads before buying.
  const emails = (await deps.inbox.list()).filter((email) => email.to.some((to) => to.address.startsWith(options.customerPrefix)));
  let clicked = 0;
  for (const email of emails) {
    const link = trackedLink.exec(email.text)?.[0];
    if (!link || random() >= RETURN_RATES.click) continue;
    const response = await fetch(link, { redirect: 'manual' });
    if (response.status === 302) clicked++;
  }

  const { rows: entries } = await deps.db.query<{ customer_id: string; got_message: boolean }>(
    `select customer_id, bool_or(cardinality(credited_steps) > 0 and arm = 'treated') as got_message
     from journey_entries where customer_id like $1 group by customer_id`,
    [`${options.customerPrefix}%`],
  );
  const calls = entries
    .filter((entry) => random() < (entry.got_message ? RETURN_RATES.gotMessage : RETURN_RATES.other))
    .map((entry, i) => ({
      type: 'track' as const,
      userId: entry.customer_id,
      event: 'Order Completed',
      timestamp: new Date().toISOString(),
      properties: { order_id: `${entry.customer_id}-came-back-${i}`, total: 30 + Math.round(random() * 90), currency: options.currency },
    }));
  for (let i = 0; i < calls.length; i += 200) await expectAccepted(deps.shop.post('/v1/batch', { batch: calls.slice(i, i + 200) }));
  return { clicked, ordered: calls.length };
}
