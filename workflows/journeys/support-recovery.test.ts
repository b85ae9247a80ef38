/**
 * Support recovery on the time-skipping test server with in-memory activities: an apology
 * within the hour, its coupon sized by severity and the customer's value, once per
 * complaint through the customer workflow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerWorkflowId, getCustomerStateQuery } from '../../schemas/names.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { supportRecovery } from './support-recovery.ts';

const HOUR = 3_600_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('support-recovery-unit', () => mocks.activities)));
after(() => bed?.stop());

function complainant(customer: MockCustomer = { consent: ['email'] }): string {
  const customerId = uniqueId('complainant');
  customers[customerId] = customer;
  return customerId;
}

const complaint = (customerId: string, complaintId: string, severity?: 'low' | 'medium' | 'high') =>
  customerEvent(customerId, 'Complaint Filed', { complaint_id: complaintId, order_id: 'o-1', ...(severity ? { severity } : {}) });

async function apologise(customerId: string, severity?: 'low' | 'medium' | 'high') {
  const complaintId = uniqueId('complaint');
  const startedAt = await bed.env.currentTimeMs();
  await (await bed.startJourney(supportRecovery, customerId, complaintId, complaint(customerId, complaintId, severity))).result();
  return { startedAt, sends: mocks.sendsOf(customerId) };
}

describe('support recovery (in-memory activities)', () => {
  it('apologises within the hour with a coupon sized by the severity', async () => {
    for (const [severity, pool] of [
      [undefined, 'sorry-10'],
      ['low', 'sorry-10'],
      ['medium', 'sorry-15'],
      ['high', 'sorry-25'],
    ] as const) {
      const { startedAt, sends } = await apologise(complainant(), severity);
      assert.deepEqual(
        sends.map((send) => [send.template, send.coupon]),
        [['apology-coupon', `CODE-${pool}-sorry-coupon`]],
        `severity ${severity}`,
      );
      assert.ok(sends[0]!.at - startedAt < HOUR);
    }
  });

  it('gives a high-value customer one size up, up to the largest', async () => {
    const vip = { consent: ['email' as const], segments: ['high-value' as const] };
    assert.equal((await apologise(complainant(vip), 'low')).sends[0]?.coupon, 'CODE-sorry-15-sorry-coupon');
    assert.equal((await apologise(complainant(vip), 'high')).sends[0]?.coupon, 'CODE-sorry-25-sorry-coupon');
  });

  it('answers each complaint once, however often the shop sends it', async () => {
    const customerId = complainant();
    const first = complaint(customerId, 'c-1', 'medium');
    await bed.signalCustomer(customerId, [first, { ...first, eventId: uniqueId('resent') }]);
    await bed.signalCustomer(customerId, [complaint(customerId, 'c-1', 'medium'), complaint(customerId, 'c-2')]);
    const customer = bed.env.client.workflow.getHandle(customerWorkflowId(customerId));
    await waitFor(
      async () => ((await customer.query(getCustomerStateQuery)).journeyEntries['support-recovery']?.count === 2 ? true : undefined),
      { timeoutMs: 30_000, what: 'two complaints taken in' },
    );
    await waitFor(() => Promise.resolve(mocks.sendsOf(customerId).length === 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'two apologies',
    });
    await bed.env.sleep('1 day');
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => send.coupon),
      ['CODE-sorry-15-sorry-coupon', 'CODE-sorry-10-sorry-coupon'],
    );
  });
});
