/**
 * Double opt-in in the consent projection, on the real PostgreSQL: an email marketing grant
 * of a customer in a listed country (theirs or their address's) is pending until the
 * confirmation of that grant; everything else is granted at once, as before; a renewal of a
 * confirmed subscription stays granted; a revocation cancels what is pending; the list
 * followed is the one the projector is given.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { customerEvent, uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../../platform/config.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createDb, inTransaction } from '../../platform/db/pool.ts';
import { defaultProjectionRules, projectEvent, type ProjectionRules } from './project-event.ts';

const db = createDb(loadConfig().databaseUrl);
before(() => migrate(db));
after(() => db.end());

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const event = (customerId: string, type: string, payload: Record<string, unknown>, minutes: number): CustomerEventEnvelope => ({
  ...customerEvent(customerId, type, payload),
  occurredAt: at(minutes),
});
const grant = (customerId: string, minutes: number, channel = 'email', purpose = 'marketing') =>
  event(customerId, 'Consent Granted', { channel, purpose }, minutes);
const confirm = (customerId: string, grantedMinutes: number, minutes: number) =>
  event(customerId, 'Consent Confirmed', { channel: 'email', purpose: 'marketing', granted_at: at(grantedMinutes) }, minutes);

function project(rules: ProjectionRules, ...events: CustomerEventEnvelope[]) {
  return inTransaction(db, async (client) => {
    for (const one of events) await projectEvent(client, one, rules);
  });
}

/** Each consent row as `<channel>/<purpose>: granted|pending since <minutes>|no`, with the grant's date. */
async function consentOf(customerId: string): Promise<string[]> {
  const { rows } = await db.query<{
    channel: string;
    purpose: string;
    granted: boolean;
    granted_at: Date | null;
    pending_since: Date | null;
  }>('select channel, purpose, granted, granted_at, pending_since from consent where customer_id = $1 order by channel, purpose', [
    customerId,
  ]);
  const minutes = (date: Date) => (date.getTime() - T0) / 60_000;
  return rows.map(
    (row) =>
      `${row.channel}/${row.purpose}: ${
        row.granted ? `granted ${minutes(row.granted_at!)}` : row.pending_since ? `pending since ${minutes(row.pending_since)}` : 'no'
      }`,
  );
}

const customerIn = async (identify: Record<string, unknown>) => {
  const customerId = uniqueId('doi');
  await project(defaultProjectionRules, event(customerId, 'Identify', identify, 0));
  return customerId;
};

describe('double opt-in in the consent projection', () => {
  it('keeps a German email subscription pending (other channels and purposes granted) until its grant is confirmed', async () => {
    const customerId = await customerIn({ country: 'DE' });
    await project(
      defaultProjectionRules,
      grant(customerId, 1),
      grant(customerId, 1, 'sms'),
      grant(customerId, 1, 'email', 'transactional'),
    );
    assert.deepEqual(await consentOf(customerId), [
      'email/marketing: pending since 1',
      'email/transactional: granted 1',
      'sms/marketing: granted 1',
    ]);
    // The link of another (older) subscription confirms nothing.
    await project(defaultProjectionRules, confirm(customerId, 0, 5));
    assert.equal((await consentOf(customerId))[0], 'email/marketing: pending since 1');
    await project(defaultProjectionRules, confirm(customerId, 1, 60));
    assert.equal((await consentOf(customerId))[0], 'email/marketing: granted 1', 'dated by the grant, not the click');
    const { rows } = await db.query(
      'select source, granted from consent_history where customer_id = $1 and channel = $2 and purpose = $3',
      [customerId, 'email', 'marketing'],
    );
    assert.deepEqual(rows, [{ source: 'double-opt-in', granted: true }]);
  });

  it("grants at once a subscription the shop's own double opt-in confirmed (an import, Shopify's confirmed_opt_in)", async () => {
    const imported = await customerIn({ country: 'DE' });
    await project(
      defaultProjectionRules,
      event(imported, 'Consent Granted', { channel: 'email', purpose: 'marketing', confirmed_at: at(2) }, 1),
    );
    assert.deepEqual(await consentOf(imported), ['email/marketing: granted 1']);
  });

  it("goes by the address's country when the customer has none, and grants at once when the country is unknown or unlisted", async () => {
    const austrian = await customerIn({ address: { street: 'Ring 1', city: 'Wien', postalCode: '1010', country: 'AT' } });
    const unknown = await customerIn({ timezone: 'Europe/Berlin' });
    const french = await customerIn({ country: 'FR' });
    await project(defaultProjectionRules, grant(austrian, 1), grant(unknown, 1), grant(french, 1));
    assert.deepEqual(
      [await consentOf(austrian), await consentOf(unknown), await consentOf(french)],
      [['email/marketing: pending since 1'], ['email/marketing: granted 1'], ['email/marketing: granted 1']],
    );
  });

  it('keeps a confirmed subscription granted through a renewal, and a revocation cancels a pending one for good', async () => {
    const renewing = await customerIn({ country: 'DE' });
    await project(defaultProjectionRules, grant(renewing, 1), confirm(renewing, 1, 2), grant(renewing, 100));
    assert.deepEqual(await consentOf(renewing), ['email/marketing: granted 100']);

    const revoking = await customerIn({ country: 'DE' });
    const revoked = event(revoking, 'Consent Revoked', { channel: 'email', purpose: 'marketing' }, 2);
    await project(defaultProjectionRules, grant(revoking, 1), revoked, confirm(revoking, 1, 3));
    assert.deepEqual(await consentOf(revoking), ['email/marketing: no']);
  });

  it('follows the countries it is given: none with "off", France when listed', async () => {
    const german = await customerIn({ country: 'DE' });
    const french = await customerIn({ country: 'FR' });
    await project({ ...defaultProjectionRules, doubleOptIn: { countries: [] } }, grant(german, 1));
    await project({ ...defaultProjectionRules, doubleOptIn: { countries: ['FR'] } }, grant(french, 1));
    assert.deepEqual(
      [await consentOf(german), await consentOf(french)],
      [['email/marketing: granted 1'], ['email/marketing: pending since 1']],
    );
  });
});
