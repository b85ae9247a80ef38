/**
 * The referral program's two journeys on the time-skipping test server with in-memory
 * activities (the program's own decision rules, decideReward): the referee's welcome
 * incentive at once, the reward decided on their first order within 60 days (not after it,
 * not below the minimum), the referrer's reward from their tier's pool, and one reward per
 * referee however often the decision is asked for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journeyEventSignal } from '../../schemas/names.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { referralReward } from './referral-reward.ts';
import { referralWelcome } from './referral-welcome.ts';

const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('referrals-unit', () => mocks.activities)));
after(() => bed?.stop());

function customer(customerRecord: MockCustomer = { consent: ['email'] }) {
  const customerId = uniqueId('customer');
  customers[customerId] = customerRecord;
  return customerId;
}

const accepted = (refereeId: string, referrerId: string) =>
  customerEvent(refereeId, 'Referral Accepted', { referral_id: uniqueId('referral'), referrer_id: referrerId });
const firstOrder = (customerId: string, amount: number) =>
  customerEvent(customerId, 'Order Completed', { order_id: uniqueId('order'), total: { amount, currency: 'EUR' } });

const exitOf = (result: JourneyResult) => (result.outcome === 'exited' ? result.reason : result.outcome);

describe('referral program journeys (in-memory activities)', () => {
  it("sends the referee's incentive at once, and rewards the referrer on a first order of the minimum within 60 days", async () => {
    const referrer = customer();
    const referee = customer();
    const startedAt = await bed.env.currentTimeMs();
    const handle = await bed.startJourney(referralWelcome, referee, 'once', accepted(referee, referrer));
    await bed.env.sleep('59 days');
    await handle.signal(journeyEventSignal, firstOrder(referee, 2000));
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');
    const [welcome] = mocks.sendsOf(referee);
    assert.deepEqual(
      [welcome?.step, welcome?.template, welcome?.coupon],
      ['referral-welcome', 'referral-welcome-coupon', 'CODE-referral-welcome-welcome-incentive'],
    );
    assert.ok(welcome!.at - startedAt < 60_000, 'the incentive goes at once');
    assert.deepEqual(mocks.referralDecisions.get(referee), {
      outcome: 'rewarded',
      referrerId: referrer,
      referralNumber: 1,
      tier: 'friend',
      rewardPool: 'referral-reward',
    });
  });

  it('rewards nothing for a first order after 60 days, and refuses one below the minimum with its reason', async () => {
    const referrer = customer();
    const late = customer();
    const lateRun = await bed.startJourney(referralWelcome, late, 'once', accepted(late, referrer));
    await bed.env.sleep('61 days');
    assert.equal(exitOf(await lateRun.result()), 'no-first-order');
    assert.equal(mocks.referralDecisions.get(late), undefined);

    const small = customer();
    const smallRun = await bed.startJourney(referralWelcome, small, 'once', accepted(small, referrer));
    await smallRun.signal(journeyEventSignal, firstOrder(small, 1999));
    await smallRun.result();
    assert.deepEqual(mocks.referralDecisions.get(small), { outcome: 'refused', referrerId: referrer, reason: 'order-below-minimum' });
  });

  it('refuses a customer who refers themselves', async () => {
    const cheat = customer();
    const run = await bed.startJourney(referralWelcome, cheat, 'once', accepted(cheat, cheat));
    await run.signal(journeyEventSignal, firstOrder(cheat, 5000));
    await run.result();
    assert.deepEqual(mocks.referralDecisions.get(cheat), { outcome: 'refused', referrerId: cheat, reason: 'self-referral' });
  });

  it("sends the referrer the reward of their tier's pool", async () => {
    const referrer = customer();
    const rewarded = customerEvent(referrer, 'Referral Rewarded', {
      referral_id: 'r-1',
      referee_id: 'friend-1',
      order_id: 'o-1',
      referral_number: 3,
      tier: 'advocate',
      reward_pool: 'referral-reward-advocate',
    });
    const result = await (await bed.startJourney(referralReward, referrer, 'friend-1', rewarded)).result();
    assert.equal(result.outcome, 'completed');
    const [reward] = mocks.sendsOf(referrer);
    assert.deepEqual(
      [reward?.step, reward?.template, reward?.coupon, reward?.status],
      ['referral-reward', 'referral-reward-coupon', 'CODE-referral-reward-advocate-reward-coupon', 'sent'],
    );
  });
});
