/**
 * The loyalty program end to end on the real PostgreSQL, SMTP sink and provider sink, with
 * journeys on the time-skipping server: an order projected into the ledger writes its points
 * and the tier it reaches to the outbox; delivered to the customer workflow as the router
 * would, the points do not make the buyer a loyalty-stage customer but the tier does, and
 * the points-expiry journey emails and mails the customer 30 days before, with the numbers
 * the ledger holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { customerEventsSignal, getCustomerStateQuery, journeyWorkflowId } from '../../schemas/names.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { expiryWeekOf } from '../../schemas/loyalty.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { outboxEnvelope, type OutboxRow } from '../../services/platform/outbox/event-outbox.ts';
import { createShopper, customerEvent, project, uniqueId } from '../../test/support/fixtures.ts';
import { config, startJourneyTestbed, type JourneyTestbed } from '../../test/support/journey-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { loyaltyPointsExpiry } from './loyalty-points-expiry.ts';

const DAY = 86_400_000;
let bed: JourneyTestbed;
before(async () => (bed = await startJourneyTestbed('loyalty-test', { ...config.sendPolicy, quietHours: null })));
after(() => bed?.stop());

/** The program's events the ledger wrote for the customer, as the outbox publisher would put them in the log. */
async function programEvents(customerId: string): Promise<CustomerEventEnvelope[]> {
  const { rows } = await bed.db.query<Omit<OutboxRow, 'seq'>>(
    'select event_id, customer_id, type, version, payload, occurred_at, source from event_outbox where customer_id = $1 order by seq',
    [customerId],
  );
  return rows.map(outboxEnvelope);
}

describe('loyalty program', () => {
  it('credits an order, moves the buyer to loyalty at their tier (not for the points), and reminds them 30 days before the points expire', async () => {
    const treated = () => {
      for (;;) {
        const id = uniqueId('member');
        if (!assignArm(id, loyaltyPointsExpiry.id, loyaltyPointsExpiry).holdout) return id;
      }
    };
    const customerId = treated();
    const shopper = await createShopper(bed.db, {
      consent: true,
      channels: ['email', 'direct_mail'],
      withAddress: true,
      customerId,
    });
    const now = new Date(await bed.env.currentTimeMs()).toISOString();
    const order = {
      ...customerEvent(customerId, 'Order Completed', {
        order_id: uniqueId('order'),
        total: { amount: 1600_00, currency: config.shopCurrency.code },
      }),
      occurredAt: now,
    };
    await project(bed.db, order);
    const [earned, tier, ...others] = await programEvents(customerId);
    assert.deepEqual(
      [earned?.type, earned?.payload.points, tier?.type, tier?.payload.tier, others.map((event) => event.type)],
      ['Loyalty Points Earned', 1600, 'Loyalty Tier Changed', 'silver', ['Loyalty Milestone Reached']],
    );

    const customer = await bed.signalCustomer(customerId, [order, earned!]);
    const state = () => customer.query(getCustomerStateQuery);
    await waitFor(async () => ((await state()).eventsApplied === 2 ? true : undefined), { timeoutMs: 15_000, what: 'the events applied' });
    assert.equal((await state()).lifecycleStage, 'retention', "the program's points alone do not make a loyalty customer");
    await customer.signal(customerEventsSignal, [tier!]);
    await waitFor(async () => ((await state()).lifecycleStage === 'loyalty' ? true : undefined), {
      timeoutMs: 15_000,
      what: 'the tier to move the stage',
    });

    const expiry = bed.env.client.workflow.getHandle(
      journeyWorkflowId(loyaltyPointsExpiry.id, customerId, expiryWeekOf(String(earned!.payload.expires_at))),
    );
    await waitFor(
      () =>
        expiry.describe().then(
          () => true,
          () => undefined,
        ),
      { timeoutMs: 15_000, what: 'the expiry journey started' },
    );
    const result = (await expiry.result()) as JourneyResult;
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.channel, send.status]),
      [
        ['points-expiring-30', 'email', 'sent'],
        ['points-expiring-card-30', 'direct_mail', 'sent'],
        ['points-expiring-7', 'email', 'sent'],
      ],
    );
    const expiresAt = Date.parse(String(earned!.payload.expires_at));
    // Among the customer's emails (the tier's welcome went the morning after the order).
    const sentAt = bed.sendTimes.get(customerId) ?? [];
    for (const daysBefore of [30, 7]) {
      const due = expiresAt - daysBefore * DAY;
      assert.ok(
        sentAt.some((at) => Math.abs(at - due) < 5_000),
        `a reminder at ${new Date(due).toISOString()}: ${sentAt.map((at) => new Date(at).toISOString()).join(', ')}`,
      );
    }
    const inbox = await bed.inbox.to(shopper.email);
    const reminder = inbox.find((email) => email.subject.startsWith('1600 of your points expire on'));
    assert.ok(reminder, `the reminder among ${inbox.map((email) => email.subject).join(' | ')}`);
    assert.match(reminder.text, /1600 of your 1600 points expire on/);
  });
});
