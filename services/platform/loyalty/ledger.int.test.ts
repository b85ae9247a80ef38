/**
 * The points ledger on the real PostgreSQL, in a database of its own: points expire 12
 * months after they were earned, oldest first; redemptions and refunds take from the oldest
 * lots; a tier change and a milestone are each written to the outbox once, however often
 * the log delivers what caused them; and projecting the same log into fresh tables (what
 * `journeys projections rebuild` does) gives the same ledger.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { customerEvent, uniqueId } from '../../../test/support/fixtures.ts';
import { createScratchDatabase } from '../../../test/support/scratch-database.ts';
import { saveCurrencyRates } from '../../processes/projector/customer-metrics.ts';
import { defaultProjectionRules, projectEvent, projectionTables } from '../../processes/projector/project-event.ts';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { createDb, inTransaction, type Db } from '../db/pool.ts';
import { expiryWeekOf } from '../../../schemas/loyalty.ts';
import { readLoyaltyStatement, readPointsExpiringInWeek, readTierOutlook } from './ledger.ts';
import { outboxEnvelope, type OutboxRow } from '../outbox/event-outbox.ts';

let db: Db;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
/** Every event projected, in log order, as a rebuild would replay them. */
const log: CustomerEventEnvelope[] = [];

before(async () => {
  scratch = await createScratchDatabase(loadConfig().databaseUrl, 'loyalty');
  db = createDb(scratch.url);
  await migrate(db);
  await saveCurrencyRates(db, { code: 'USD', rates: { EUR: 1.1 } });
});
after(async () => {
  await db?.end();
  await scratch?.drop();
});

const at = (iso: string) => new Date(iso);
const event = (customerId: string, type: string, payload: Record<string, unknown>, occurredAt: string) => ({
  ...customerEvent(customerId, type, payload),
  occurredAt,
});
const usd = (dollars: number) => ({ amount: dollars * 100, currency: 'USD' });
const order = (customerId: string, orderId: string, dollars: number, occurredAt: string) =>
  event(customerId, 'Order Completed', { order_id: orderId, total: usd(dollars) }, occurredAt);

/** The rules the projector follows; the last test changes them (after the rebuild, which replays under the defaults). */
let rules = defaultProjectionRules;

/** Projects as the projector does, then hands the program's outbox events back, as the log delivers them. */
async function project(...events: CustomerEventEnvelope[]): Promise<void> {
  await inTransaction(db, async (client) => {
    for (const one of events) if (await projectEvent(client, one, rules)) log.push(one);
  });
  const { rows } = await db.query<Omit<OutboxRow, 'seq'>>(
    'select event_id, customer_id, type, version, payload, occurred_at, source from event_outbox where published_at is null order by seq',
  );
  await db.query('update event_outbox set published_at = now() where published_at is null');
  const published = rows.map(outboxEnvelope);
  if (published.length > 0) await project(...published);
}

const outboxOf = async (customerId: string, type: string) =>
  (
    await db.query<{ payload: Record<string, unknown> }>(
      'select payload from event_outbox where customer_id = $1 and type = $2 order by seq',
      [customerId, type],
    )
  ).rows.map((row) => row.payload);

/** Until the backend `pid` waits on a lock (an advisory lock or a row another transaction holds). */
async function waitForLockWait(pid: number): Promise<void> {
  for (let tries = 0; tries < 250; tries++) {
    const { rowCount } = await db.query("select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'", [pid]);
    if (rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`backend ${pid} never waited on a lock`);
}

describe('loyalty points ledger', () => {
  it('expires points 12 months after they were earned, oldest first, and redeems from the oldest lots', async () => {
    const customerId = uniqueId('member');
    await project(
      order(customerId, uniqueId('order'), 100, '2025-01-10T12:00:00.000Z'),
      order(customerId, uniqueId('order'), 50, '2025-06-10T12:00:00.000Z'),
      event(customerId, 'Loyalty Points Redeemed', { points: 120, reward: '$5 off' }, '2025-07-01T12:00:00.000Z'),
      order(customerId, uniqueId('order'), 30, '2025-08-01T12:00:00.000Z'),
    );
    const january = await readLoyaltyStatement(db, customerId, at('2026-01-01T00:00:00Z'));
    assert.equal(january.balance, 60, '180 earned, 120 redeemed');
    assert.deepEqual(
      january.lots.map((lot) => [lot.points, lot.remaining, lot.expiresAt]),
      [
        [50, 30, '2026-06-10T12:00:00.000Z'],
        [30, 30, '2026-08-01T12:00:00.000Z'],
      ],
      'the redemption emptied the oldest lot and took the rest from the next',
    );
    assert.equal(expiryWeekOf('2026-06-10'), '2026-06-08', 'a Wednesday is in the week from Monday');
    assert.deepEqual(await readPointsExpiringInWeek(db, customerId, '2026-06-08', at('2026-05-11T12:00:00Z')), {
      points: 30,
      expiresAt: '2026-06-10T12:00:00.000Z',
      lastExpiresAt: '2026-06-10T12:00:00.000Z',
      balance: 60,
    });

    const june = await readLoyaltyStatement(db, customerId, at('2026-06-10T12:00:00Z'));
    assert.equal(june.balance, 30, 'the June lot expired at the moment it was earned a year before');
    assert.deepEqual(
      june.history.filter((entry) => entry.kind !== 'earned').map((entry) => [entry.kind, entry.points, entry.at]),
      [
        ['expired', -30, '2026-06-10T12:00:00.000Z'],
        ['redeemed', -120, '2025-07-01T12:00:00.000Z'],
      ],
    );
    // Redeemed after the June lot expired: only the August lot's 30 are there to take.
    await project(event(customerId, 'Loyalty Points Redeemed', { points: 40 }, '2026-07-01T12:00:00.000Z'));
    const july = await readLoyaltyStatement(db, customerId, at('2026-07-01T13:00:00Z'));
    assert.equal(july.balance, 0);
    assert.equal(july.history[0]?.points, -30, 'the 10 points above the balance were not there to redeem');
  });

  it('takes back the points of a refund, from the order’s own lot first, then from the oldest', async () => {
    const customerId = uniqueId('member');
    const refunded = uniqueId('order');
    await project(
      order(customerId, uniqueId('order'), 80, '2026-01-05T10:00:00.000Z'),
      order(customerId, refunded, 200, '2026-02-01T10:00:00.000Z'),
      event(customerId, 'Order Refunded', { order_id: refunded, total: usd(50) }, '2026-02-10T10:00:00.000Z'),
    );
    const partly = await readLoyaltyStatement(db, customerId, at('2026-02-11T00:00:00Z'));
    assert.equal(partly.balance, 80 + 150, 'a $50 refund of a $200 order takes back 50 of its 200 points');
    await project(
      event(customerId, 'Loyalty Points Redeemed', { points: 160 }, '2026-02-12T10:00:00.000Z'),
      // The rest refunded (no amount: the whole order).
      event(customerId, 'Order Refunded', { order_id: refunded }, '2026-02-20T10:00:00.000Z'),
    );
    const after = await readLoyaltyStatement(db, customerId, at('2026-02-21T00:00:00Z'));
    // The redemption took 80 (oldest) and 80 of the refunded order's 150; the refund takes its 70 left, then 80 more from nothing.
    assert.equal(after.balance, 0);
    assert.deepEqual(
      after.history.slice(0, 2).map((entry) => [entry.kind, entry.points]),
      [
        ['taken-back', -70],
        ['redeemed', -160],
      ],
    );
    const { rows } = await db.query<{ uncovered: number }>(
      "select uncovered from loyalty_debits where customer_id = $1 and kind = 'taken-back' order by at",
      [customerId],
    );
    assert.deepEqual(
      rows.map((row) => row.uncovered),
      [0, 80],
      'points already spent cannot be taken back, and the shortfall is recorded',
    );
    assert.equal(after.lifetimePoints, 80, 'the refunded order earns nothing any more');
  });

  it('writes a tier change and a milestone once each, however often the log delivers their cause, and a refund moves the tier down', async () => {
    const customerId = uniqueId('member');
    const big = order(customerId, uniqueId('order'), 1200, '2026-03-01T10:00:00.000Z');
    await project(
      order(customerId, uniqueId('order'), 300, '2026-02-01T10:00:00.000Z'),
      event(customerId, 'Product Reviewed', { product_id: 'p1', review_id: 'r1', rating: 5 }, '2026-02-02T10:00:00.000Z'),
    );
    assert.deepEqual(await outboxOf(customerId, 'Loyalty Tier Changed'), [], '350 points: no tier yet');
    await project(big);
    await project(big, { ...big, eventId: uniqueId('redelivered') });
    // A second review of the same product earns nothing.
    await project(event(customerId, 'Product Reviewed', { product_id: 'p1', review_id: 'r2', rating: 4 }, '2026-03-02T10:00:00.000Z'));
    assert.deepEqual(await outboxOf(customerId, 'Loyalty Tier Changed'), [
      { tier: 'silver', previous_tier: null, direction: 'up', basis: 'points', qualifying: 1550 },
    ]);
    assert.deepEqual(await outboxOf(customerId, 'Loyalty Milestone Reached'), [{ milestone: 1000, lifetime_points: 1550 }]);
    assert.deepEqual(
      (await outboxOf(customerId, 'Loyalty Points Earned')).map((earned) => [earned.reason, earned.points]),
      [
        ['purchase', 300],
        ['review', 50],
        ['purchase', 1200],
      ],
      "the program's credits go to the log, once each",
    );
    const outlook = await readTierOutlook(db, customerId, defaultProjectionRules.loyalty, at('2026-04-01T00:00:00Z'));
    assert.deepEqual(outlook, {
      tier: 'silver',
      qualifying: 1550,
      heldUntil: '2027-02-01T10:00:00.000Z',
      neededToKeep: 250,
      nextTier: { name: 'gold', needed: 3450 },
    });

    await project(event(customerId, 'Order Refunded', { order_id: big.payload.order_id }, '2026-03-10T10:00:00.000Z'));
    assert.deepEqual(
      (await outboxOf(customerId, 'Loyalty Tier Changed')).map((change) => [change.previous_tier, change.tier, change.direction]),
      [
        [null, 'silver', 'up'],
        ['silver', null, 'down'],
      ],
    );
    assert.equal(
      (await outboxOf(customerId, 'Loyalty Milestone Reached')).length,
      1,
      'a milestone is rewarded once, even if lost and reached again',
    );
  });

  it('lapses a tier when its 12 months run out, at the review the tier-at-risk journey writes, once', async () => {
    const customerId = uniqueId('member');
    await project(order(customerId, uniqueId('order'), 600, '2025-03-01T10:00:00.000Z'));
    assert.deepEqual(
      (await outboxOf(customerId, 'Loyalty Tier Changed')).map((change) => change.tier),
      ['bronze'],
    );
    const outlook = await readTierOutlook(db, customerId, defaultProjectionRules.loyalty, at('2025-06-01T00:00:00Z'));
    assert.equal(outlook.heldUntil, '2026-03-01T10:00:00.000Z');
    const due = event(customerId, 'Loyalty Tier Review Due', { tier: 'bronze', held_until: outlook.heldUntil }, '2026-03-01T10:00:00.000Z');
    await project(due, { ...due, eventId: uniqueId('retried') });
    assert.deepEqual(
      (await outboxOf(customerId, 'Loyalty Tier Changed')).map((change) => [change.tier, change.direction, change.qualifying]),
      [
        ['bronze', 'up', 600],
        [null, 'down', 0],
      ],
    );
    const statement = await readLoyaltyStatement(db, customerId, at('2026-03-01T10:00:00Z'));
    assert.equal(statement.tier, null);
  });

  it("earns an order's points once when the shop also reports them, and counts a merged visitor's points for the customer", async () => {
    const customerId = uniqueId('member');
    const visitor = uniqueId('visitor');
    const reported = uniqueId('order');
    const credited = uniqueId('order');
    await project(
      // The shop's loyalty app reports one order's points before the order arrives, and another's after.
      event(customerId, 'Loyalty Points Earned', { points: 100, reason: 'purchase', order_id: reported }, '2026-06-01T10:00:00.000Z'),
      order(customerId, reported, 100, '2026-06-01T10:00:01.000Z'),
      order(customerId, credited, 70, '2026-06-02T10:00:00.000Z'),
      event(customerId, 'Loyalty Points Earned', { points: 70, reason: 'purchase', order_id: credited }, '2026-06-02T10:00:01.000Z'),
      order(visitor, uniqueId('order'), 400, '2026-06-03T10:00:00.000Z'),
    );
    assert.equal((await readLoyaltyStatement(db, customerId, at('2026-06-04T00:00:00Z'))).balance, 170);
    await project(event(customerId, 'Identities Merged', { merged_customer_id: visitor }, '2026-06-04T10:00:00.000Z'));
    const merged = await readLoyaltyStatement(db, customerId, at('2026-06-05T00:00:00Z'));
    assert.deepEqual([merged.balance, merged.tier], [570, 'bronze'], "the visitor's 400 points join, and together reach bronze");
    assert.equal((await readLoyaltyStatement(db, visitor, at('2026-06-05T00:00:00Z'))).balance, 0);
  });

  it('takes back the points of a refund from the lot the shop credited, whichever of the order and its points arrived first', async () => {
    const outcomes: unknown[] = [];
    for (const shopFirst of [true, false]) {
      const customerId = uniqueId('member');
      const orderId = uniqueId('order');
      const completed = order(customerId, orderId, 100, '2026-08-01T10:00:00.000Z');
      const earned = event(
        customerId,
        'Loyalty Points Earned',
        { points: 100, reason: 'purchase', order_id: orderId },
        '2026-08-01T10:00:01.000Z',
      );
      await project(...(shopFirst ? [earned, completed] : [completed, earned]));
      await project(event(customerId, 'Order Refunded', { order_id: orderId, total: usd(40) }, '2026-08-05T10:00:00.000Z'));
      const statement = await readLoyaltyStatement(db, customerId, at('2026-08-06T00:00:00Z'));
      outcomes.push([statement.balance, statement.lifetimePoints]);
    }
    assert.deepEqual(
      outcomes,
      [
        [60, 60],
        [60, 60],
      ],
      'a $40 refund of a $100 order takes back 40 of its 100 points, whoever credited them',
    );
  });

  it('projects a back-office refund and a redemption taking from one lot in two batches at once, one after the other', async () => {
    const customerId = uniqueId('member');
    const orderId = uniqueId('order');
    await project(order(customerId, orderId, 100, '2026-07-01T10:00:00.000Z'));
    // Sent under the back office's id: another partition's batch, on another connection.
    const refunded = event(uniqueId('back-office'), 'Order Refunded', { order_id: orderId }, '2026-07-02T10:00:00.000Z');
    const redeemed = event(customerId, 'Loyalty Points Redeemed', { points: 80 }, '2026-07-02T10:00:01.000Z');
    const first = await db.connect();
    const second = await db.connect();
    try {
      await first.query('begin');
      await projectEvent(first, refunded, rules);
      // The refund's batch stays open until the redemption's is waiting on it: the redemption
      // must not read the lot's points before the refund took them.
      const { rows } = await second.query<{ pid: number }>('select pg_backend_pid() as pid');
      await second.query('begin');
      const redeeming = projectEvent(second, redeemed, rules).then(
        () => null,
        (error: unknown) => error,
      );
      await waitForLockWait(rows[0]!.pid);
      await first.query('commit');
      assert.equal(await redeeming, null, 'the redemption projects once the refund committed');
      await second.query('commit');
    } finally {
      await first.query('rollback').catch(() => undefined);
      await second.query('rollback').catch(() => undefined);
      first.release();
      second.release();
    }
    log.push(refunded, redeemed);
    await project();
    const { rows: lots } = await db.query<{ remaining: number; taken_back: number }>(
      'select remaining, taken_back from loyalty_lots where customer_id = $1',
      [customerId],
    );
    assert.deepEqual(lots, [{ remaining: 0, taken_back: 100 }]);
    const { rows: debits } = await db.query<{ kind: string; points: number; uncovered: number }>(
      'select kind, points, uncovered from loyalty_debits where customer_id = $1 order by at',
      [customerId],
    );
    assert.deepEqual(
      debits,
      [
        { kind: 'taken-back', points: 100, uncovered: 0 },
        { kind: 'redeemed', points: 80, uncovered: 80 },
      ],
      'the refund emptied the lot; the redemption found nothing left to take',
    );
    assert.equal((await readLoyaltyStatement(db, customerId, at('2026-07-03T00:00:00Z'))).balance, 0);
  });

  it("carries a merged guest's milestone and tier to the customer, announcing neither again", async () => {
    const customerId = uniqueId('member');
    const guest = uniqueId('guest');
    await project(
      order(customerId, uniqueId('order'), 50, '2026-09-01T10:00:00.000Z'),
      order(guest, uniqueId('order'), 1000, '2026-09-02T10:00:00.000Z'),
    );
    assert.deepEqual(await outboxOf(guest, 'Loyalty Milestone Reached'), [{ milestone: 1000, lifetime_points: 1000 }]);
    assert.deepEqual(
      (await outboxOf(guest, 'Loyalty Tier Changed')).map((change) => change.tier),
      ['bronze'],
    );
    await project(event(customerId, 'Identities Merged', { merged_customer_id: guest }, '2026-09-03T10:00:00.000Z'));
    assert.deepEqual(await outboxOf(customerId, 'Loyalty Milestone Reached'), [], 'the 1,000-point milestone was rewarded already');
    assert.deepEqual(await outboxOf(customerId, 'Loyalty Tier Changed'), [], 'bronze was announced already');
    assert.equal((await readLoyaltyStatement(db, customerId, at('2026-09-04T00:00:00Z'))).tier, 'bronze');
    // Together they go further: only that is announced.
    await project(order(customerId, uniqueId('order'), 500, '2026-09-05T10:00:00.000Z'));
    assert.deepEqual(
      (await outboxOf(customerId, 'Loyalty Tier Changed')).map((change) => [change.previous_tier, change.tier]),
      [['bronze', 'silver']],
    );
    assert.deepEqual(await outboxOf(customerId, 'Loyalty Milestone Reached'), []);
  });

  it('takes back no points of a refunded order that expired already, only those of its lot that were spent', async () => {
    const customerId = uniqueId('member');
    const expiredOrder = uniqueId('order');
    await project(
      order(customerId, expiredOrder, 100, '2024-01-10T10:00:00.000Z'),
      event(customerId, 'Loyalty Points Redeemed', { points: 30 }, '2024-02-01T10:00:00.000Z'),
      order(customerId, uniqueId('order'), 200, '2024-12-01T10:00:00.000Z'),
    );
    // The first order's lot expired on 2025-01-10 holding 70; then half the order is refunded.
    await project(event(customerId, 'Order Refunded', { order_id: expiredOrder, total: usd(50) }, '2025-02-01T10:00:00.000Z'));
    const half = await readLoyaltyStatement(db, customerId, at('2025-02-02T00:00:00Z'));
    assert.equal(half.balance, 200, 'the 50 points taken back are among the 70 that expired');
    await project(event(customerId, 'Order Refunded', { order_id: expiredOrder }, '2025-02-10T10:00:00.000Z'));
    const whole = await readLoyaltyStatement(db, customerId, at('2025-02-11T00:00:00Z'));
    assert.equal(whole.balance, 170, 'of the other 50, 20 had expired; 30 were spent and are taken from the newer lot');
    assert.equal(whole.lifetimePoints, 200, 'the refunded order earns nothing');
    // `+ 0`: the first refund took nothing, which the statement reads as -0.
    assert.deepEqual(
      whole.history.filter((entry) => entry.kind !== 'earned').map((entry) => [entry.kind, entry.points + 0]),
      [
        ['taken-back', -30],
        ['taken-back', 0],
        ['expired', -70],
        ['redeemed', -30],
      ],
    );
  });

  it('projects a refund or cancellation that overtook its order as if it came after it', async () => {
    const reversals = [
      { type: 'Order Refunded', payload: { total: usd(40) }, balance: 60, order: { status: 'refunded', refunded: 4000 } },
      { type: 'Order Refunded', payload: {}, balance: 0, order: { status: 'refunded', refunded: 10000 } },
      { type: 'Order Cancelled', payload: { reason: 'out of stock' }, balance: 0, order: { status: 'cancelled', refunded: 0 } },
    ];
    for (const reversal of reversals) {
      const outcomes: unknown[] = [];
      for (const reversalFirst of [false, true]) {
        const customerId = uniqueId('member');
        const orderId = uniqueId('order');
        const completed = order(customerId, orderId, 100, '2026-10-01T10:00:00.000Z');
        // The back office's, on another partition: it can reach the projector first.
        const reversed = event(
          uniqueId('back-office'),
          reversal.type,
          { order_id: orderId, ...reversal.payload },
          '2026-10-01T11:00:00.000Z',
        );
        for (const one of reversalFirst ? [reversed, completed] : [completed, reversed]) await project(one);
        const statement = await readLoyaltyStatement(db, customerId, at('2026-10-02T00:00:00Z'));
        const { rows: orders } = await db.query<{ status: string; refunded: number }>(
          'select status, refunded_amount::int as refunded from orders where order_id = $1',
          [orderId],
        );
        const { rows: lots } = await db.query('select points, remaining, taken_back from loyalty_lots where order_id = $1', [orderId]);
        const { rows: debits } = await db.query('select points, uncovered from loyalty_debits where order_id = $1', [orderId]);
        outcomes.push({ balance: statement.balance, lifetime: statement.lifetimePoints, order: orders[0], lots, debits });
      }
      assert.deepEqual(outcomes[1], outcomes[0], `${reversal.type} ${JSON.stringify(reversal.payload)} before the order`);
      assert.deepEqual(
        outcomes[0],
        {
          balance: reversal.balance,
          lifetime: reversal.balance,
          order: reversal.order,
          lots: [{ points: 100, remaining: reversal.balance, taken_back: 100 - reversal.balance }],
          debits: [{ points: 100 - reversal.balance, uncovered: 0 }],
        },
        `${reversal.type} ${JSON.stringify(reversal.payload)}`,
      );
    }
  });

  it('gives the same ledger when the log is projected again into fresh tables, writing no new event, though the earn rate changed', async () => {
    const loyaltyTables = projectionTables.filter((table) => table.startsWith('loyalty_'));
    const outboxBefore = (await db.query('select event_id from event_outbox')).rowCount;
    await inTransaction(db, async (client) => {
      await client.query('drop schema if exists ledger_rebuild cascade');
      await client.query('create schema ledger_rebuild');
      for (const table of projectionTables) await client.query(`create table ledger_rebuild.${table} (like public.${table} including all)`);
      await client.query('set local search_path to ledger_rebuild, public');
      // Credits keep the points they were decided with (the outbox records them); only new ones earn at the new rate.
      const doubled = { ...defaultProjectionRules, loyalty: { ...defaultProjectionRules.loyalty, pointsPerUnit: 2 } };
      for (const one of log) await projectEvent(client, one, doubled);
    });
    for (const table of loyaltyTables) {
      const { rows } = await db.query<{ live: number; fresh: number; different: number }>(
        `select (select count(*)::int from public.${table}) as live, (select count(*)::int from ledger_rebuild.${table}) as fresh,
           (select count(*)::int from (select to_jsonb(t) from public.${table} t except select to_jsonb(t) from ledger_rebuild.${table} t) d) as different`,
      );
      assert.ok(rows[0]!.live > 0, `${table} has rows`);
      assert.deepEqual(rows[0], { live: rows[0]!.live, fresh: rows[0]!.live, different: 0 }, table);
    }
    assert.equal((await db.query('select event_id from event_outbox')).rowCount, outboxBefore, 'the same decisions, under the same ids');
    await db.query('drop schema ledger_rebuild cascade');
  });

  it('judges tiers by spend over 12 months when told, with no points per unit, and a refund moves the tier down', async () => {
    rules = {
      ...defaultProjectionRules,
      loyalty: { ...defaultProjectionRules.loyalty, tierBasis: 'spend', pointsPerUnit: 0, tiers: [{ name: 'vip', threshold: 500 }] },
    };
    const customerId = uniqueId('member');
    const first = uniqueId('order');
    await project(
      order(customerId, first, 300, '2026-04-01T10:00:00.000Z'),
      order(customerId, uniqueId('order'), 250, '2026-05-01T10:00:00.000Z'),
    );
    await project(event(customerId, 'Order Refunded', { order_id: first, total: usd(100) }, '2026-05-02T10:00:00.000Z'));
    assert.deepEqual(
      (await outboxOf(customerId, 'Loyalty Tier Changed')).map((change) => [change.tier, change.basis, change.qualifying]),
      [
        ['vip', 'spend', 550],
        [null, 'spend', 450],
      ],
    );
    assert.equal((await readLoyaltyStatement(db, customerId, at('2026-05-03T00:00:00Z'))).balance, 0, 'no points per unit: none earned');
  });
});
