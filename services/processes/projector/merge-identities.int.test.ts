/**
 * Identity merges in the projections, on the real PostgreSQL: what the visitor did moves to
 * the customer, later events under the visitor's id land there too, an id merges once, and
 * chains and cycles resolve as the customer workflows resolve them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerEvent, project, uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../../platform/config.ts';
import { customerIdNow } from '../../platform/db/customers.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createDb } from '../../platform/db/pool.ts';

const db = createDb(loadConfig().databaseUrl);
before(() => migrate(db));
after(() => db.end());

const merge = (customerId: string, mergedId: string) => customerEvent(customerId, 'Identities Merged', { merged_customer_id: mergedId });
const rowsOf = async (table: string, customerId: string) =>
  (await db.query(`select * from ${table} where customer_id = $1`, [customerId])).rows.length;

describe('identity merges in the projections', () => {
  it("moves the visitor's profile, consent and orders to the customer, and projects later visitor events there", async () => {
    const visitor = `anonymous:${uniqueId('visitor')}`;
    const user = uniqueId('user');
    await project(
      db,
      customerEvent(visitor, 'Identify', { timezone: 'Europe/Paris', locale: 'fr-FR' }),
      customerEvent(visitor, 'Consent Granted', { channel: 'push', purpose: 'marketing' }),
      customerEvent(visitor, 'Order Completed', { order_id: uniqueId('order'), total: { amount: 10_00, currency: 'EUR' } }),
      customerEvent(user, 'Identify', { email: `${user}@example.com`, timezone: 'America/New_York' }),
      merge(user, visitor),
      customerEvent(visitor, 'Order Completed', { order_id: uniqueId('order'), total: { amount: 20_00, currency: 'EUR' } }),
    );
    assert.equal(await customerIdNow(db, visitor), user);
    const { rows } = await db.query('select email, time_zone, locale from customers where customer_id = $1', [user]);
    assert.deepEqual(
      rows,
      [{ email: `${user}@example.com`, time_zone: 'America/New_York', locale: 'fr-FR' }],
      'their own profile wins, gaps filled',
    );
    assert.equal(await rowsOf('orders', user), 2);
    assert.equal(await rowsOf('consent', user), 1);
    for (const table of ['customers', 'consent', 'orders']) assert.equal(await rowsOf(table, visitor), 0, `nothing left in ${table}`);
    assert.equal(
      (await db.query('select 1 from events where customer_id = $1', [visitor])).rowCount,
      4,
      'the event store keeps ids as sent',
    );
  });

  it('keeps the later consent statement when both ids said something', async () => {
    const visitor = `anonymous:${uniqueId('visitor')}`;
    const user = uniqueId('user');
    const at = (event: ReturnType<typeof customerEvent>, occurredAt: string) => ({ ...event, occurredAt });
    await project(
      db,
      at(customerEvent(user, 'Consent Granted', { channel: 'email', purpose: 'marketing' }), '2026-11-01T10:00:00.000Z'),
      at(customerEvent(visitor, 'Consent Revoked', { channel: 'email', purpose: 'marketing' }), '2026-11-02T10:00:00.000Z'),
      merge(user, visitor),
    );
    const { rows } = await db.query<{ granted: boolean }>('select granted from consent where customer_id = $1', [user]);
    assert.deepEqual(rows, [{ granted: false }]);
  });

  it('merges an id once, follows chains to the customer, and ignores a merge into oneself', async () => {
    const visitor = `anonymous:${uniqueId('visitor')}`;
    const [first, second, third] = [uniqueId('user'), uniqueId('user'), uniqueId('user')];
    await project(db, merge(first, visitor), merge(second, visitor));
    assert.equal(await customerIdNow(db, visitor), first, 'a shared device: the first login keeps it');

    await project(db, merge(third, first));
    assert.equal(await customerIdNow(db, first), third);
    assert.equal(await customerIdNow(db, visitor), third, 'ids merged into the merged customer follow it');

    await project(db, merge(visitor, third));
    assert.equal(await customerIdNow(db, third), third, 'no cycle');
  });
});
