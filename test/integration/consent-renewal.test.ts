/**
 * Marketing consent's lapse and renewal on the real ingest API, Kafka, projector and send
 * gate: the renewal link of a re-permission request asks on GET and renews on POST (a
 * `Consent Granted` in the log, which re-dates the grant); at the lapse the re-permission
 * journey's activity writes `Consent Expired`, and the gate then skips marketing on that
 * channel; an expiry that crossed a renewal in the log changes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Channel } from '../../schemas/primitives.ts';
import { consentExpired } from '../../services/platform/consent-lapse/consent-lapse.ts';
import { consentLinksOf } from '../../services/platform/consent-links/consent-links.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { customerEvent, uniqueId } from '../support/fixtures.ts';
import { shopperThroughTheLog } from '../support/pipeline.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';

const { config, deps, ingestUrl } = productOnTheStack('consent-renewal-test', { INGEST_PORT: '18097' }, ['ingest', 'projector']);
const links = consentLinksOf(config);

interface ConsentRow {
  granted: boolean;
  granted_at: Date | null;
  event_id: string;
}
async function consentOf(customerId: string, channel: Channel): Promise<ConsentRow | undefined> {
  const { rows } = await deps.db.query<ConsentRow>(
    `select granted, coalesce(granted_at, changed_at) as granted_at, event_id from consent where customer_id = $1 and channel = $2 and purpose = 'marketing'`,
    [customerId, channel],
  );
  return rows[0];
}
const sourcesOf = async (customerId: string) =>
  (
    await deps.db.query<{ source: string | null; granted: boolean }>(
      'select source, granted from consent_history where customer_id = $1 order by changed_at, event_id',
      [customerId],
    )
  ).rows.map((row) => `${row.granted ? '+' : '-'}${row.source}`);

/** A marketing email step of some journey, as the gate gets it. */
const marketingEmail = (customerId: string) => ({
  customerId,
  journeyId: 'cart-abandonment',
  workflowId: `journey/test/${customerId}/${randomUUID()}`,
  step: 'reminder-1',
  at: new Date().toISOString(),
  template: 'cart-reminder-1',
  trigger: customerEvent(customerId, 'Checkout Started', { cart_id: uniqueId('cart') }),
});

describe('consent lapse and renewal', () => {
  it('a renewal link asks on GET and renews on POST: a Consent Granted from the link re-dates the grant', async () => {
    const shopper = await shopperThroughTheLog(deps.db, ingestUrl(), { consent: 'email' });
    const first = await consentOf(shopper.customerId, 'email');
    assert.ok(first?.granted && first.granted_at, 'the grant is dated');

    const url = links.urlFor('renew', { customerId: shopper.customerId, channel: 'email' });
    const asked = await fetch(url);
    assert.equal(asked.status, 200);
    assert.match(await asked.text(), /<form method="post"><button type="submit">Yes, keep me subscribed<\/button><\/form>/);
    // Another kind's token (the unsubscribe link's) is no renewal.
    const forged = await fetch(url.replace('/renew/', '/confirm/'), { method: 'POST' });
    assert.equal(forged.status, 400);

    const renewed = await fetch(url, { method: 'POST' });
    assert.equal(renewed.status, 200);
    const row = await waitFor(
      async () => {
        const now = await consentOf(shopper.customerId, 'email');
        return now && now.event_id !== first.event_id ? now : undefined;
      },
      { timeoutMs: 20_000, what: 'the renewal projected' },
    );
    assert.equal(row.granted, true);
    assert.ok(row.granted_at! > first.granted_at, 'the renewal re-dates the grant');
    // The GET wrote nothing: in the customer's ordered log, only the checkout's grant and the POST's renewal.
    assert.deepEqual(await sourcesOf(shopper.customerId), ['+checkout', '+renewal-link']);
  });

  it('at the lapse Consent Expired is written, and the send gate then skips marketing on that channel', async () => {
    const shopper = await shopperThroughTheLog(deps.db, ingestUrl(), { consent: 'email' });
    const activities = deps.activities();
    assert.equal((await activities.sendEmail(marketingEmail(shopper.customerId))).status, 'sent', 'allowed before the lapse');

    const grant = await consentOf(shopper.customerId, 'email');
    const request = { customerId: shopper.customerId, channel: 'email' as const, grantedAt: grant!.granted_at!.toISOString() };
    assert.equal(await activities.expireConsent({ ...request, at: new Date().toISOString() }), 'expired');
    await waitFor(async () => ((await consentOf(shopper.customerId, 'email'))?.granted === false ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the expiry projected',
    });
    const outcome = await activities.sendEmail(marketingEmail(shopper.customerId));
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'no-consent');
    assert.deepEqual(await sourcesOf(shopper.customerId), ['+checkout', '-lapsed']);
    // Once lapsed, nothing more to expire: a retried activity writes nothing.
    assert.equal(await activities.expireConsent({ ...request, at: new Date().toISOString() }), 'not-in-force');
  });

  it('an expiry that crossed a renewal in the log changes nothing: it names the grant that lapsed', async () => {
    const shopper = await shopperThroughTheLog(deps.db, ingestUrl(), { consent: 'email' });
    const old = await consentOf(shopper.customerId, 'email');
    const renewal = customerEvent(shopper.customerId, 'Consent Granted', {
      channel: 'email',
      purpose: 'marketing',
      source: 'renewal-link',
    });
    const stale = consentExpired(shopper.customerId, 'email', old!.granted_at!.toISOString(), new Date());
    await deps.events.append([renewal, stale]);
    await waitFor(
      async () => ((await deps.db.query('select 1 from events where event_id = $1', [stale.eventId])).rowCount ? true : undefined),
      { timeoutMs: 20_000, what: 'the stale expiry in the event store' },
    );
    const now = await consentOf(shopper.customerId, 'email');
    assert.deepEqual([now?.granted, now?.event_id], [true, renewal.eventId]);
    assert.deepEqual(await sourcesOf(shopper.customerId), ['+checkout', '+renewal-link']);
  });
});
