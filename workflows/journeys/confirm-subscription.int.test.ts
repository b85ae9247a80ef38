/**
 * Confirm-subscription on Temporal's time-skipping test server with the real activities
 * (PostgreSQL, the send gate, the SMTP sink): a German subscriber with no transactional
 * consent gets the signed confirmation link at once; the confirmation of that grant ends the
 * run before the reminder and lets marketing through; a French subscriber gets nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journeyEventSignal } from '../../schemas/names.ts';
import { consentLinksOf } from '../../services/platform/consent-links/consent-links.ts';
import { hasConsent } from '../../services/platform/db/customers.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createShopper, customerEvent, project } from '../../test/support/fixtures.ts';
import { config, startJourneyTestbed, type JourneyTestbed } from '../../test/support/journey-testbed.ts';
import { confirmSubscription } from './confirm-subscription.ts';

let bed: JourneyTestbed;
before(async () => (bed = await startJourneyTestbed('confirm-subscription-test', { ...config.sendPolicy, quietHours: null })));
after(() => bed?.stop());

/** A new shopper of `country` who subscribes to marketing emails now (test server's clock), through the projector's code. */
async function subscribe(country: string) {
  const shopper = await createShopper(bed.db, { consent: false });
  const grant = {
    ...customerEvent(shopper.customerId, 'Consent Granted', { channel: 'email', purpose: 'marketing' }),
    occurredAt: new Date(await bed.env.currentTimeMs()).toISOString(),
  };
  await project(bed.db, customerEvent(shopper.customerId, 'Identify', { country }), grant);
  const handle = await bed.startJourney(confirmSubscription, shopper.customerId, grant.eventId, grant);
  return { ...shopper, grant, handle };
}

describe('confirm-subscription journey', () => {
  it('emails a German subscriber the link of their grant at once; confirming it ends the run and allows marketing', async () => {
    const { customerId, email, grant, handle } = await subscribe('DE');
    const [request] = await waitFor(async () => ((await bed.inbox.to(email)).length > 0 ? bed.inbox.to(email) : undefined), {
      timeoutMs: 30_000,
      what: 'the confirmation request',
    });
    const token = /\/confirm\/(\S+)/.exec(request!.text)?.[1];
    const confirming = token ? consentLinksOf(config).verify('confirm', token) : null;
    assert.deepEqual(confirming, { customerId, channel: 'email', grantedAt: grant.occurredAt }, 'a signed link to this grant');
    assert.equal(await hasConsent(bed.db, customerId, 'email', 'marketing'), false);

    const confirmed = customerEvent(customerId, 'Consent Confirmed', {
      channel: 'email',
      purpose: 'marketing',
      granted_at: grant.occurredAt,
    });
    await project(bed.db, confirmed);
    await handle.signal(journeyEventSignal, confirmed);
    const result = await handle.result();
    assert.deepEqual([result.outcome, result.outcome === 'exited' && result.reason], ['exited', 'confirmed']);
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status]),
      [['confirmation-request', 'sent']],
    );
    assert.equal(await hasConsent(bed.db, customerId, 'email', 'marketing'), true);
  });

  it('sends a French subscriber nothing: their subscription is granted at once', async () => {
    const { email, handle } = await subscribe('FR');
    const result = await handle.result();
    assert.deepEqual([result.outcome, result.outcome === 'exited' && result.reason, result.sends], ['exited', 'not-pending', []]);
    assert.equal((await bed.inbox.to(email)).length, 0);
  });
});
