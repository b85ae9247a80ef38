/**
 * The referral ROI report on a known data set in a database of its own, against the result
 * worked out by hand below.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScratchDatabase } from '../../../test/support/scratch-database.ts';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { createDb, type Db } from '../db/pool.ts';
import { referralRoiReport } from './roi.ts';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;

before(async () => {
  scratch = await createScratchDatabase(loadConfig().databaseUrl, 'journeys_referral_roi');
  db = createDb(scratch.url);
  await migrate(db);
  // The shop sells in EUR; a pound is worth 1.2 euro cents per penny.
  await db.query(`insert into currency_rates (currency, rate, shop) values ('EUR', 1, true), ('GBP', 1.2, false)`);
  // LTV: customers with orders average €200 net revenue; their average order averages €60. The customer without orders does not count.
  await db.query(
    `insert into customer_metrics (customer_id, orders, net_revenue, unconverted_orders, average_order_value, updated_at) values
       ('a', 2, 10000, 0, 5000, now()), ('b', 4, 20000, 0, 5000, now()), ('c', 4, 30000, 0, 8000, now()), ('d', 0, 0, 0, null, now())`,
  );
  // The referee's incentive: €5 off. The friend tier: 10% (of the €60 average order: €6). The advocate tier: £10 (€12).
  await db.query(
    `insert into coupon_pools (pool_id, discount, valid_days, currency, discount_kind, discount_value) values
       ('referral-welcome', '€5 off', 30, 'EUR', 'amount', 500),
       ('referral-reward', '10% off', 30, null, 'percent', 10),
       ('referral-reward-advocate', '£10 off', 30, 'GBP', 'amount', 1000)`,
  );
  // October: referrer r1 sends 6 invites, r2 sends 4; November: four referrers one each.
  const sent = [
    ...Array.from({ length: 6 }, (_, i) => ['r1', `2026-10-0${i + 1}T10:00:00Z`]),
    ...Array.from({ length: 4 }, (_, i) => ['r2', `2026-10-1${i}T10:00:00Z`]),
    ...['r3', 'r4', 'r5', 'r6'].map((referrer) => [referrer, '2026-11-03T10:00:00Z']),
  ];
  for (const [index, [customerId, at]] of sent.entries()) {
    await db.query(
      `insert into events (event_id, customer_id, type, occurred_at, received_at, source, payload) values ($1, $2, 'Referral Sent', $3, $3, 'test', '{}')`,
      [`sent-${index}`, customerId, at],
    );
  }
  // October's decisions: two friend-tier rewards, one advocate-tier reward, one refusal (not a conversion).
  await db.query(
    `insert into referral_decisions (referee_id, referrer_id, referral_id, outcome, reason, referral_number, tier, reward_pool, decided_at) values
       ('f1', 'r1', 'x1', 'rewarded', null, 1, 'friend', 'referral-reward', '2026-10-20T00:00:00Z'),
       ('f2', 'r2', 'x2', 'rewarded', null, 1, 'friend', 'referral-reward', '2026-10-21T00:00:00Z'),
       ('f3', 'r1', 'x3', 'rewarded', null, 3, 'advocate', 'referral-reward-advocate', '2026-10-22T00:00:00Z'),
       ('f4', 'r2', 'x4', 'refused', 'same-payment', null, null, null, '2026-10-23T00:00:00Z')`,
  );
});

after(async () => {
  await db?.end();
  await scratch?.drop();
});

const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe('the referral ROI report', () => {
  it('computes k, the reward per conversion and the ROI per month and tier, as worked out by hand', async () => {
    const rows = await referralRoiReport(db, { since: new Date('2026-01-01T00:00:00Z'), welcomePool: 'referral-welcome' });
    assert.deepEqual(
      rows.map((row) => [row.month, row.tier, row.referrers, row.invites, row.conversions]),
      [
        ['2026-10', 'all', 2, 10, 3],
        ['2026-10', 'advocate', 2, 10, 1],
        ['2026-10', 'friend', 2, 10, 2],
        ['2026-11', 'all', 4, 4, 0],
      ],
    );
    const [october, advocate, friend, november] = rows;
    // October: k = (10 invites / 2 referrers) × (3 conversions / 10 invites) = 1.5; LTV = (100 + 200 + 300) / 3 = €200.
    close(october!.k, 1.5);
    assert.equal(october!.ltv, 20000);
    // Friend: 10% of €60 = €6, plus the €5 incentive = €11. ROI = (200 × 2.5 − 11) / 11 = 489 / 11.
    close(friend!.reward, 1100);
    close(friend!.roi, 48900 / 1100);
    // Advocate: £10 = €12, plus €5 = €17. ROI = (500 − 17) / 17.
    close(advocate!.reward, 1700);
    close(advocate!.roi, 48300 / 1700);
    // The month: (2 × €11 + 1 × €17) / 3 = €13 per conversion. ROI = (500 − 13) / 13.
    close(october!.reward, 1300);
    close(october!.roi, 48700 / 1300);
    // November: invites, no conversion yet: k = 0, and no reward to price.
    close(november!.k, 0);
    assert.deepEqual([november!.reward, november!.roi], [null, null]);
  });

  it('leaves months before the window out', async () => {
    const rows = await referralRoiReport(db, { since: new Date('2026-11-01T00:00:00Z'), welcomePool: 'referral-welcome' });
    assert.deepEqual(
      rows.map((row) => row.month),
      ['2026-11'],
    );
  });
});
