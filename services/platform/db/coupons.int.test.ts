/** Coupon pools on the real PostgreSQL: unique single-use codes under concurrency, the same code on a replay, countries, use. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerEvent, project, uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../config.ts';
import { addCouponCodes, assignCoupon, couponPoolStatus, createCouponPool, generateCouponCodes } from './coupons.ts';
import { migrate } from './migrate.ts';
import { createDb } from './pool.ts';

const db = createDb(loadConfig().databaseUrl);
before(() => migrate(db));
after(() => db.end());

async function pool(codes: number, countries: string[] | null = null) {
  const poolId = uniqueId('pool');
  await createCouponPool(db, { poolId, discount: '10% off', validDays: 30, countries });
  await addCouponCodes(db, poolId, generateCouponCodes('T', codes));
  return poolId;
}
/** The customer's id is made unique per pool, so runs on one database never share assignment keys. */
const ask = (poolId: string, customer: string, country: string | null = 'FR') =>
  assignCoupon(db, {
    poolId,
    customerId: `${poolId}-${customer}`,
    assignmentKey: `journey/welcome/${poolId}-${customer}/once/coupon`,
    country,
    at: new Date('2026-11-25T10:00:00Z'),
  });

describe('coupon pools', () => {
  it('gives each code to one customer only, also when 20 journeys ask at once for 10 codes', async () => {
    const poolId = await pool(10);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(poolId, `racer-${i}`)));
    const codes = answers.flatMap((answer) => ('code' in answer ? [answer.code] : []));
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    assert.equal(answers.filter((answer) => 'refused' in answer && answer.refused === 'pool-empty').length, 10);
    assert.deepEqual(await couponPoolStatus(db, poolId), { free: 0, assigned: 10, redeemed: 0 });
  });

  it("gives the same code again to the same step (a retry, a replay), valid for the pool's days", async () => {
    const poolId = await pool(5);
    const first = await ask(poolId, 'replayed');
    assert.deepEqual(await ask(poolId, 'replayed'), first);
    assert.deepEqual('expiresAt' in first && first.expiresAt, '2026-12-25T10:00:00.000Z');
    assert.deepEqual(await couponPoolStatus(db, poolId), { free: 4, assigned: 1, redeemed: 0 });
  });

  it('keeps a country-restricted offer to its countries, and refuses unknown pools', async () => {
    const poolId = await pool(5, ['FR', 'BE']);
    assert.ok('code' in (await ask(poolId, 'in-france', 'FR')));
    assert.deepEqual(await ask(poolId, 'in-the-us', 'US'), { refused: 'not-in-country' });
    assert.deepEqual(await ask(poolId, 'country-unknown', null), { refused: 'not-in-country' });
    assert.deepEqual(await ask(uniqueId('no-such-pool'), 'anyone'), { refused: 'unknown-pool' });
  });

  it('counts a code as redeemed once an order used it (Coupon Redeemed in the log)', async () => {
    const poolId = await pool(2);
    const offer = await ask(poolId, 'buyer');
    assert.ok('code' in offer);
    await project(db, customerEvent(`${poolId}-buyer`, 'Coupon Redeemed', { coupon_name: offer.code, order_id: uniqueId('order') }));
    assert.deepEqual(await couponPoolStatus(db, poolId), { free: 1, assigned: 1, redeemed: 1 });
  });
});
