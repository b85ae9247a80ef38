/**
 * A referral end to end on the real stack: the shop asks the product for a customer's link
 * (POST /v1/referrals/link), a friend signs up through it (`Referral Accepted` with the code,
 * as Segment's Tracking API sends it) and gets the welcome incentive; the friend's first
 * order rewards the referrer once with a code from the reward pool, and a decision retried
 * after a crash (the activity run again) writes the same event, which changes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import type { Producer } from 'kafkajs';
import { createReferralActivities } from '../../activities/referrals.ts';
import { customerWorkflowId, getCustomerStateQuery } from '../../schemas/names.ts';
import { createMailSinkClient } from '../../services/cli/demo/mail-sink-client.ts';
import { createSegmentClient, expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { addCouponCodes, createCouponPool, generateCouponCodes } from '../../services/platform/db/coupons.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { createKafka, createProducer } from '../../services/platform/kafka/client.ts';
import { createEventLogWriter } from '../../services/platform/kafka/customer-events.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { connectTemporal } from '../../services/platform/temporal/client.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { processNames, startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { referralReward } from '../../workflows/journeys/referral-reward.ts';
import { REFERRAL_WELCOME_POOL } from '../../workflows/journeys/referral-welcome.ts';
import { uniqueId } from '../support/fixtures.ts';
import { shopperThroughTheLog, waitForProjected } from '../support/pipeline.ts';

const config = loadConfig({
  ...process.env,
  JOURNEY_TIME_SCALE: String(1 / 3600),
  INGEST_PORT: '18112',
  METRICS_PORT: '0',
  LOG_LEVEL: 'warn',
});
const inbox = createMailSinkClient(config.email.sinkInboxUrl);
let product: RunningProduct;
let temporal: Client;
let producer: Producer;
let db: Db;

before(async () => {
  product = await startProduct(config, createLogger('warn'), processNames);
  temporal = await connectTemporal(config.temporal);
  db = createDb(config.databaseUrl);
  producer = createProducer(createKafka(config.kafka.brokers, 'referral-test', createLogger('warn'), config.kafka.security));
  await producer.connect();
  // The program's pools, as an operator creates them; codes of the test's own.
  await createCouponPool(db, { poolId: REFERRAL_WELCOME_POOL, discount: '10% off your first order', validDays: 30, countries: null });
  await addCouponCodes(db, REFERRAL_WELCOME_POOL, generateCouponCodes('FRIEND', 2));
  await createCouponPool(db, { poolId: 'referral-reward', discount: '15% off', validDays: 60, countries: null });
  await addCouponCodes(db, 'referral-reward', generateCouponCodes('THANKS', 2));
});

after(async () => {
  await producer?.disconnect();
  await db?.end();
  await temporal?.connection.close();
  await product?.stop();
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
    const referrer = await shopperThroughTheLog(db, product.ingestUrl!, { consent: 'email' });
    const friend = await shopperThroughTheLog(db, product.ingestUrl!, { consent: 'email' });
    const linkResponse = await fetch(`${product.ingestUrl}/v1/referrals/link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('dev-write-key:').toString('base64')}` },
      body: JSON.stringify({ customer_id: referrer.customerId }),
    });
    const { code, link } = (await linkResponse.json()) as { code: string; link: string };
    assert.equal(link, `${config.links.shopUrl}/?ref=${code}`);

    const shop = createSegmentClient(product.ingestUrl!, 'dev-write-key');
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
    const retried = await createReferralActivities({ db, events: createEventLogWriter(producer) }).decideReferralReward({
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
    const referrerWorkflow = temporal.workflow.getHandle(customerWorkflowId(referrer.customerId));
    await waitFor(async () => ((await referrerWorkflow.query(getCustomerStateQuery)).repeatsIgnored > 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the repeated Referral Rewarded ignored',
    });
    assert.equal((await referrerWorkflow.query(getCustomerStateQuery)).journeyEntries[referralReward.id]?.count, 1);
    assert.equal((await emailsTo(referrer.email, 'Your friend placed their first order')).length, 1);
    await waitForProjected(db, [`referral-rewarded/${friend.customerId}`]);
  });
});
