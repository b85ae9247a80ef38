/**
 * The referral decision on the real PostgreSQL: a successful referral rewarded once with its
 * tier, each fraud check and condition refused with its reason, the monthly limit, and two
 * referees converting at once numbered 1 and 2.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createShopper, customerEvent, project, testAddress, uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { createDb, type Db } from '../db/pool.ts';
import { saveCurrencyRates } from '../../processes/projector/customer-metrics.ts';
import { referralCodeOf } from './referral-codes.ts';
import type { RewardDecision } from './reward-decision.ts';
import { decideReferral, type ConvertedReferral } from './reward-decisions.ts';

let db: Db;
const shop = loadConfig().shopCurrency;
const shopCurrency = shop.code;
const rules = { minFirstOrder: 2000, maxRewardsPerMonth: 5 };

before(async () => {
  db = createDb(loadConfig().databaseUrl);
  await migrate(db);
  // Written by the projector when it starts; this test may run before any projector has.
  await saveCurrencyRates(db, shop);
});
after(() => db?.end());

/** A referee's first order of `amount` minor units of the shop's currency, placed now. */
const converted = (
  refereeId: string,
  referrer: { referrerId?: string; referralCode?: string },
  amount = 2500,
  card: string | null = null,
): ConvertedReferral => ({
  refereeId,
  referralId: uniqueId('referral'),
  ...referrer,
  order: { orderId: uniqueId('order'), total: { amount, currency: shopCurrency }, paymentFingerprint: card, at: new Date().toISOString() },
});
const decide = (referral: ConvertedReferral, now = new Date()) => decideReferral(db, referral, rules, now);
const reasonOf = (decision: RewardDecision) => (decision.outcome === 'rewarded' ? decision.tier : decision.reason);
const person = async () => (await createShopper(db, { consent: true })).customerId;

describe('referral decisions', () => {
  it('rewards a first order of the minimum once, through the link code too, and answers the same decision when asked again', async () => {
    const referrer = await person();
    const referee = await person();
    const referral = converted(referee, { referralCode: await referralCodeOf(db, referrer) });
    const first = await decide(referral);
    assert.deepEqual(first, {
      outcome: 'rewarded',
      referrerId: referrer,
      referralNumber: 1,
      tier: 'friend',
      rewardPool: 'referral-reward',
    });
    assert.deepEqual(await decide({ ...referral, referralId: 'asked-again' }), first);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from referral_decisions where referee_id = $1', [referee]);
    assert.equal(rows[0]?.n, 1);
    assert.equal(await referralCodeOf(db, referrer), referral.referralCode, 'a customer keeps their code');
  });

  it('refuses by reason: unknown referrer, self-referral (merged ids too), shared email, phone, address or card', async () => {
    assert.equal(reasonOf(await decide(converted(await person(), { referralCode: 'RNOSUCHCODE' }))), 'unknown-referrer');
    const self = await person();
    assert.equal(reasonOf(await decide(converted(self, { referrerId: self }))), 'self-referral');
    // A second account of the referrer's, merged into theirs, is them.
    const referrer = await person();
    const secondAccount = uniqueId('visitor');
    await db.query("insert into customer_identities (merged_id, customer_id, merged_at, event_id) values ($1, $2, now(), 'test')", [
      secondAccount,
      referrer,
    ]);
    assert.equal(reasonOf(await decide(converted(secondAccount, { referrerId: referrer }))), 'self-referral');

    const sharing = async (traits: Record<string, unknown>) => {
      const referee = await person();
      await project(db, customerEvent(referee, 'Identify', traits));
      return reasonOf(await decide(converted(referee, { referrerId: referrer })));
    };
    const [row] = (
      await db.query<{ email: string; phone: string }>('select email, phone from customers where customer_id = $1', [referrer])
    ).rows;
    assert.equal(await sharing({ email: row!.email.toUpperCase() }), 'same-email');
    assert.equal(await sharing({ phone: row!.phone }), 'same-phone');
    await project(db, customerEvent(referrer, 'Identify', { address: testAddress }));
    assert.equal(await sharing({ address: testAddress }), 'same-address');

    const card = `card-${randomUUID()}`;
    await project(db, customerEvent(referrer, 'Order Completed', { order_id: uniqueId('order'), payment_fingerprint: card }));
    assert.equal(reasonOf(await decide(converted(await person(), { referrerId: referrer }, 2500, card))), 'same-payment');
  });

  it('refuses an order below the minimum, and an order that is not the first', async () => {
    const referrer = await person();
    assert.equal(reasonOf(await decide(converted(await person(), { referrerId: referrer }, 1999))), 'order-below-minimum');
    // Not mistaken for a small order: a total in a currency the shop has no rate for.
    const unconvertible = converted(await person(), { referrerId: referrer }, 900_000);
    unconvertible.order.total = { amount: 900_000, currency: 'XAF' };
    assert.equal(reasonOf(await decide(unconvertible)), 'order-amount-unknown');
    const returning = await person();
    await project(db, {
      ...customerEvent(returning, 'Order Completed', { order_id: uniqueId('order') }),
      occurredAt: '2026-01-01T00:00:00Z',
    });
    assert.equal(reasonOf(await decide(converted(returning, { referrerId: referrer }))), 'not-first-order');
  });

  it('moves the referrer up a tier at 3 rewards, and refuses past the monthly limit', async () => {
    const referrer = await person();
    const tiers = [];
    for (let i = 0; i < 6; i += 1) tiers.push(reasonOf(await decide(converted(await person(), { referrerId: referrer }))));
    assert.deepEqual(tiers, ['friend', 'friend', 'advocate', 'advocate', 'ambassador', 'monthly-limit']);
    // Next month the limit starts again.
    const nextMonth = new Date(Date.now() + 32 * 86_400_000);
    assert.equal(reasonOf(await decide(converted(await person(), { referrerId: referrer }), nextMonth)), 'ambassador');
  });

  it('numbers referees converting at once 1, 2, 3…, never twice the same', async () => {
    const referrer = await person();
    const referees = [];
    for (let i = 0; i < 8; i += 1) referees.push(await person());
    const decisions = await Promise.all(
      referees.map((referee) =>
        decideReferral(db, converted(referee, { referrerId: referrer }), { ...rules, maxRewardsPerMonth: 20 }, new Date()),
      ),
    );
    const numbers = decisions.map((decision) => (decision.outcome === 'rewarded' ? decision.referralNumber : 0)).sort((a, b) => a - b);
    assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
