/**
 * A referral end to end on the real stack: the shop asks the product for a customer's link
 * (POST /v1/referrals/link), a friend signs up through it (`Referral Accepted` with the code,
 * as Segment's Tracking API sends it) and gets the welcome incentive; the friend's first
 * order rewards the referrer once with a code from the reward pool, and a decision retried
 * after a crash (the activity run again) writes the same event, which changes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createReferralActivities } from '../../activities/referrals.ts';
import { customerWorkflowId, getCustomerStateQuery } from '../../schemas/names.ts';
import { createSegmentClient, expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { addCouponCodes, createCouponPool, generateCouponCodes } from '../../services/platform/db/coupons.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { referralReward } from '../../workflows/journeys/referral-reward.ts';
import { REFERRAL_WELCOME_POOL } from '../../workflows/journeys/referral-welcome.ts';
import { uniqueId } from '../support/fixtures.ts';
import { shopperThroughTheLog, waitForProjected } from '../support/pipeline.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';

const { config, deps, temporal, ingestUrl } = productOnTheStack('referral-test', {
  JOURNEY_TIME_SCALE: String(1 / 3600),
  INGEST_PORT: '18112',
});
const { db, inbox } = deps;

before(async () => {
  // The program's pools, as an operator creates them; codes of the test's own.
  await createCouponPool(db, { poolId: REFERRAL_WELCOME_POOL, discount: '10% off your first order', validDays: 30, countries: null });
  await addCouponCodes(db, REFERRAL_WELCOME_POOL, generateCouponCodes('FRIEND', 2));
  await createCouponPool(db, { poolId: 'referral-reward', discount: '15% off', validDays: 60, countries: null });
  await addCouponCodes(db, 'referral-reward', generateCouponCodes('THANKS', 2));
});

const emailsTo = async (email: string, subject: string) =>
  (await inbox.to(email)).filter((received) => received.subject.startsWith(subject));
const arrived = (email: string, subject: string) =>
  waitFor(async () => ((await emailsTo(email, subject)).length > 0 ? true : undefined), {
    timeoutMs: 90_000,
    what: `"${subject}" to ${email}`,
  });

/** The pool of the code a message shows (the pools may hold codes of others: the simulator's, an earlier run's). */
async function poolOfCodeIn(text: string, pattern: RegExp): Promise<string | undefined> {
  const code = pattern.exec(text)?.[1];
  assert.ok(code, `no code in: ${text}`);
  const { rows } = await db.query<{ pool_id: string }>('select pool_id from coupon_codes where code = $1', [code]);
  return rows[0]?.pool_id;
}

describe('a referral on the real stack', () => {
  it("welcomes the friend with their incentive, and rewards the referrer once on the friend's first order", async () => {
    const referrer = await shopperThroughTheLog(db, ingestUrl(), { consent: 'email' });
    const friend = await shopperThroughTheLog(db, ingestUrl(), { consent: 'email' });
    const linkResponse = await fetch(`${ingestUrl()}/v1/referrals/link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('dev-write-key:').toString('base64')}` },
      body: JSON.stringify({ customer_id: referrer.customerId }),
    });
    const { code, link } = (await linkResponse.json()) as { code: string; link: string };
    assert.equal(link, `${config.links.shopUrl}/?ref=${code}`);

    const shop = createSegmentClient(ingestUrl(), 'dev-write-key');
    const referralId = uniqueId('referral');
    await expectAccepted(
      shop.track({
        userId: friend.customerId,
        messageId: randomUUID(),
        event: 'Referral Accepted',
        properties: { referral_id: referralId, referral_code: code },
      }),
    );
    await arrived(friend.email, 'Welcome: a present from your friend and us');
    const [welcome] = await emailsTo(friend.email, 'Welcome: a present from your friend and us');
    assert.equal(await poolOfCodeIn(welcome!.text, /10% off your first order with the code (\S+),/), REFERRAL_WELCOME_POOL);

    // The first order: Segment's decimal total in the shop's currency, above the 20.00 minimum.
    const order = { order_id: uniqueId('order'), total: 34.5, currency: config.shopCurrency.code };
    await expectAccepted(shop.track({ userId: friend.customerId, messageId: randomUUID(), event: 'Order Completed', properties: order }));
    await arrived(referrer.email, 'Your friend placed their first order');
    const [reward] = await emailsTo(referrer.email, 'Your friend placed their first order');
    assert.equal(await poolOfCodeIn(reward!.text, /15% off is yours with the code (\S+),/), 'referral-reward');
    const decision = await db.query('select referrer_id, outcome, tier from referral_decisions where referee_id = $1', [friend.customerId]);
    assert.deepEqual(decision.rows, [{ referrer_id: referrer.customerId, outcome: 'rewarded', tier: 'friend' }]);

    // The decision's activity run again, as after a worker crash: the same decision, the same event id.
    const retried = await createReferralActivities({ db, events: deps.events }).decideReferralReward({
      refereeId: friend.customerId,
      referralId,
      referralCode: code,
      order: {
        orderId: order.order_id,
        total: { amount: 3450, currency: order.currency },
        paymentFingerprint: null,
        at: new Date().toISOString(),
      },
      minFirstOrder: 2000,
      maxRewardsPerMonth: 5,
    });
    assert.equal(retried.outcome === 'rewarded' && retried.referralNumber, 1);
    const referrerWorkflow = temporal().workflow.getHandle(customerWorkflowId(referrer.customerId));
    await waitFor(async () => ((await referrerWorkflow.query(getCustomerStateQuery)).repeatsIgnored > 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the repeated Referral Rewarded ignored',
    });
    assert.equal((await referrerWorkflow.query(getCustomerStateQuery)).journeyEntries[referralReward.id]?.count, 1);
    assert.equal((await emailsTo(referrer.email, 'Your friend placed their first order')).length, 1);
    await waitForProjected(db, [`referral-rewarded/${friend.customerId}`]);
  });
});
