/**
 * The welcome series on Temporal's time-skipping test server with the real activities:
 * holdout and A/B assignment (recorded), the holdout's silent timeline, and entering once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getCustomerStateQuery, journeyWorkflowId } from '../../schemas/names.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createShopper, customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { config, startJourneyTestbed, type JourneyTestbed } from '../../test/support/journey-testbed.ts';
import { assignArm, type Arm } from '../lib/assignment.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { FIRST_ORDER_POOL, welcome } from './welcome.ts';
import { addCouponCodes, createCouponPool, generateCouponCodes } from '../../services/platform/db/coupons.ts';

let bed: JourneyTestbed;
before(async () => {
  bed = await startJourneyTestbed('welcome-test', { ...config.sendPolicy, quietHours: null });
  await createCouponPool(bed.db, { poolId: FIRST_ORDER_POOL, discount: '10% off', validDays: 30, countries: null });
  await addCouponCodes(bed.db, FIRST_ORDER_POOL, generateCouponCodes('WELCOME-', 20));
});
after(() => bed?.stop());

/** A new id that the welcome journey assigns to this arm (assignment is a function of the id). */
function customerIdIn(wanted: (arm: Arm) => boolean): string {
  for (;;) {
    const customerId = uniqueId('newcomer');
    if (wanted(assignArm(customerId, welcome.id, welcome))) return customerId;
  }
}

async function runWelcome(customerId: string, timeZone?: string): Promise<JourneyResult> {
  const shopper = await createShopper(bed.db, { consent: true, customerId, ...(timeZone ? { timeZone } : {}) });
  const signedUp = customerEvent(shopper.customerId, 'Signed Up', { method: 'email' });
  const handle = await bed.startJourney(welcome, customerId, 'once', signedUp);
  return await handle.result();
}

const assignmentOf = async (customerId: string) =>
  (
    await bed.db.query<{ holdout: boolean; variant: string | null; experiment_id: string }>(
      'select holdout, variant, experiment_id from journey_assignments where customer_id = $1',
      [customerId],
    )
  ).rows;

describe('welcome journey', () => {
  it('a held-out customer goes through the whole timeline and receives nothing; each step and the assignment are recorded', async () => {
    const customerId = customerIdIn((arm) => arm.holdout);
    const result = await runWelcome(customerId);

    assert.equal(result.outcome, 'completed');
    assert.deepEqual(result.arm, { holdout: true, variant: null });
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status === 'skipped' && send.reason]),
      [
        ['welcome-1', 'holdout'],
        ['welcome-2', 'holdout'],
        ['welcome-3', 'holdout'],
      ],
    );
    assert.equal((await bed.inbox.to(`${customerId}@example.com`)).length, 0);
    assert.deepEqual(await assignmentOf(customerId), [{ holdout: true, variant: null, experiment_id: 'welcome-2-content' }]);
    assert.deepEqual(
      (await bed.db.query('select code from coupon_codes where assigned_to = $1', [customerId])).rows,
      [],
      'no coupon for the holdout',
    );
    const { rows } = await bed.db.query<{ step: string; status: string; reason: string }>(
      `select step, status, reason from messages where customer_id = $1 order by step`,
      [customerId],
    );
    assert.deepEqual(
      rows.map((row) => `${row.step}:${row.status}:${row.reason}`),
      ['welcome-1:skipped:holdout', 'welcome-2:skipped:holdout', 'welcome-3:skipped:holdout'],
    );
  });

  it('treated customers get the second email of their variant; the variant is recorded', async () => {
    for (const [variant, subject] of [
      ['brand-story', 'Why we started this shop'],
      ['bestsellers', 'What other customers love most'],
    ] as const) {
      const customerId = customerIdIn((arm) => arm.variant === variant);
      const result = await runWelcome(customerId);
      assert.deepEqual(result.arm, { holdout: false, variant });
      // The pool has codes: the third email carries one, and a fourth reminds of it before it expires.
      assert.deepEqual(
        result.sends.map((send) => [send.step, send.status]),
        [
          ['welcome-1', 'sent'],
          ['welcome-2', 'sent'],
          ['welcome-3', 'sent'],
          ['welcome-4', 'sent'],
        ],
      );
      const subjects = (await bed.inbox.to(`${customerId}@example.com`)).map((email) => email.subject);
      assert.ok(subjects.includes(subject), `${variant}: got ${subjects.join(' | ')}`);
      assert.deepEqual(await assignmentOf(customerId), [{ holdout: false, variant, experiment_id: 'welcome-2-content' }]);
    }
  });

  it('offers a first-order code of its own in the third email, while the pool has codes', async () => {
    const customerId = customerIdIn((arm) => !arm.holdout);
    await runWelcome(customerId);
    const { rows } = await bed.db.query<{ code: string }>('select code from coupon_codes where assigned_to = $1', [customerId]);
    assert.equal(rows.length, 1);
    const third = (await bed.inbox.to(`${customerId}@example.com`)).find(
      (email) => email.subject === 'A little something for your first order',
    );
    assert.ok(third?.text.includes(`10% off with the code ${rows[0]!.code} (yours alone, valid until`), third?.text);
    const reminder = (await bed.inbox.to(`${customerId}@example.com`)).find(
      (email) => email.subject === 'Your first-order code expires soon',
    );
    assert.ok(reminder?.text.includes(`your code ${rows[0]!.code} (10% off) is valid until`), reminder?.text);
  });

  it("sends the second email at 10:00 in the customer's own time zone, two days in", async () => {
    const customerId = customerIdIn((arm) => !arm.holdout);
    const startedAt = await bed.env.currentTimeMs();
    await runWelcome(customerId, 'Asia/Tokyo');
    const [first, second] = bed.sendTimes.get(customerId) ?? [];
    assert.ok(first !== undefined && second !== undefined);
    const tokyo = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    assert.equal(tokyo.format(new Date(second)), '10:00');
    const afterStart = second - startedAt;
    assert.ok(afterStart >= 2 * 86_400_000 && afterStart < 3 * 86_400_000, `second email ${afterStart} ms after the sign-up`);
  });

  it('is entered once: a second sign-up event (another device, a re-sent form) starts nothing', async () => {
    const customerId = customerIdIn((arm) => !arm.holdout);
    await createShopper(bed.db, { consent: true, customerId });
    const customer = await bed.signalCustomer(customerId, [customerEvent(customerId, 'Signed Up', { method: 'email' })]);
    await bed.env.sleep('1 hour');
    await customer.signal('customerEvents', [customerEvent(customerId, 'Signed Up', { method: 'google' })]);
    const state = await waitFor(
      async () => {
        const current = await customer.query(getCustomerStateQuery);
        return current.eventsApplied === 2 ? current : undefined;
      },
      { timeoutMs: 15_000, what: 'both sign-ups applied' },
    );
    assert.deepEqual(state.journeyEntries.welcome?.count, 1);
    const journey = bed.env.client.workflow.getHandle(journeyWorkflowId('welcome', customerId, 'once'));
    assert.equal(((await journey.result()) as JourneyResult).outcome, 'completed');
    assert.equal((await bed.inbox.to(`${customerId}@example.com`)).filter((email) => email.subject.startsWith('Welcome!')).length, 1);
  });
});
