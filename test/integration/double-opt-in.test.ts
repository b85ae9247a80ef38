/**
 * Double opt-in on the real ingest API, Kafka, projector, send gate and SMTP sink: a German
 * email subscription is pending, so the gate sends no marketing, but does send the
 * confirmation request (with its signed link) though the subscriber gave no transactional
 * consent; the link asks on GET and confirms on POST (its button, clicked in Chromium),
 * after which marketing goes, dated by the grant. A French subscription is granted at once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { createSegmentClient, expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';
import { customerEvent, uniqueId } from '../support/fixtures.ts';
import { waitForProjected } from '../support/pipeline.ts';

const { deps, ingestUrl } = productOnTheStack('double-opt-in-test', { INGEST_PORT: '18098', DOUBLE_OPT_IN_COUNTRIES: 'DE,AT' }, [
  'ingest',
  'projector',
]);

interface ConsentRow {
  granted: boolean;
  granted_at: Date | null;
  pending_since: Date | null;
}
const consentOf = async (customerId: string) =>
  (
    await deps.db.query<ConsentRow>(
      `select granted, granted_at, pending_since from consent where customer_id = $1 and channel = 'email' and purpose = 'marketing'`,
      [customerId],
    )
  ).rows[0];

const subscription = { channel: 'email', purpose: 'marketing', source: 'newsletter-form' } as const;

/** A shopper of `country` who subscribes to marketing emails through the ingest API; the grant as projected. */
async function subscriber(country: string) {
  const shop = createSegmentClient(ingestUrl(), 'dev-write-key');
  const customerId = uniqueId('subscriber');
  const email = `${customerId}@example.com`;
  const ids = [randomUUID(), randomUUID()];
  await expectAccepted(shop.identify({ userId: customerId, messageId: ids[0], traits: { email, country, timezone: 'UTC' } }));
  await expectAccepted(
    shop.track({
      userId: customerId,
      messageId: ids[1],
      event: 'Consent Granted',
      properties: subscription,
    }),
  );
  await waitForProjected(deps.db, ids);
  const { rows } = await deps.db.query<{ occurred_at: Date }>('select occurred_at from events where event_id = $1', [ids[1]]);
  const grant: CustomerEventEnvelope = {
    ...customerEvent(customerId, 'Consent Granted', subscription),
    eventId: ids[1]!,
    occurredAt: rows[0]!.occurred_at.toISOString(),
  };
  return { customerId, email, grant };
}

/** One step of a journey, as the gate gets it. */
const step = (customerId: string, trigger: CustomerEventEnvelope, name: string, template: string) => ({
  customerId,
  journeyId: name === 'news' ? 'welcome' : 'confirm-subscription',
  workflowId: `journey/test/${customerId}/${randomUUID()}`,
  step: name,
  at: new Date().toISOString(),
  template,
  trigger,
});
const news = (customerId: string, trigger: CustomerEventEnvelope) => step(customerId, trigger, 'news', 'welcome-1');
const statusOf = (outcome: { status: string; reason?: string }) =>
  outcome.status === 'skipped' ? `skipped:${outcome.reason}` : outcome.status;

describe('double opt-in', () => {
  it('a German subscriber gets no marketing until they POST the confirmation link, then does', async () => {
    const { customerId, email, grant } = await subscriber('DE');
    const activities = deps.activities();
    const pending = await consentOf(customerId);
    assert.deepEqual([pending?.granted, pending?.pending_since?.toISOString()], [false, grant.occurredAt]);
    assert.equal(statusOf(await activities.sendEmail(news(customerId, grant))), 'skipped:no-consent');
    const state = { customerId, channel: 'email' as const, grantEventId: grant.eventId, grantedAt: grant.occurredAt };
    assert.equal(await activities.readSubscriptionState(state), 'pending', 'what the confirm-subscription journey reads');

    // Transactional, and they gave no transactional consent: only the confirmation request may go.
    const request = { ...step(customerId, grant, 'confirmation-request', 'confirm-subscription'), purpose: 'transactional' as const };
    assert.equal(statusOf(await activities.sendEmail({ ...request, workflowId: `${request.workflowId}/other` })), 'skipped:no-consent');
    assert.equal(statusOf(await activities.sendEmail({ ...request, confirmsSubscription: true })), 'sent');
    const [received] = await waitFor(
      async () => {
        const mails = await deps.inbox.to(email);
        return mails.length > 0 ? mails : undefined;
      },
      { timeoutMs: 20_000, what: 'the confirmation request in the inbox' },
    );
    const link = /http\S+\/confirm\/\S+/.exec(received!.text)?.[0];
    assert.ok(link, 'the request carries the confirmation link');

    // A GET (a mail scanner) confirms nothing.
    assert.equal((await fetch(link)).status, 200);
    assert.equal(statusOf(await activities.sendEmail(news(customerId, grant))), 'skipped:no-consent');
    // The subscriber, in a browser: the page asks, the button confirms.
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 700 } });
      await page.goto(link);
      assert.equal(await page.locator('h1').textContent(), 'Confirm that you want our news by email');
      await page.getByRole('button', { name: 'Confirm my subscription' }).click();
      await page.waitForSelector('text=Thank you');
      assert.match(await page.locator('main').innerText(), /Your subscription to our news by email is confirmed\./);
    } finally {
      await browser.close();
    }
    const confirmed = await waitFor(
      async () => {
        const row = await consentOf(customerId);
        return row?.granted ? row : undefined;
      },
      { timeoutMs: 20_000, what: 'the confirmation projected' },
    );
    assert.deepEqual([confirmed.granted_at?.toISOString(), confirmed.pending_since], [grant.occurredAt, null]);
    assert.equal(statusOf(await activities.sendEmail(news(customerId, grant))), 'sent');
    assert.equal(await activities.readSubscriptionState(state), 'not-pending');
  });

  it('a French subscriber is granted at once', async () => {
    const { customerId, grant } = await subscriber('FR');
    const row = await consentOf(customerId);
    assert.deepEqual([row?.granted, row?.granted_at?.toISOString(), row?.pending_since], [true, grant.occurredAt, null]);
    assert.equal(statusOf(await deps.activities().sendEmail(news(customerId, grant))), 'sent');
    const state = { customerId, channel: 'email' as const, grantEventId: grant.eventId, grantedAt: grant.occurredAt };
    assert.equal(await deps.activities().readSubscriptionState(state), 'not-pending', 'the journey leaves at once');
  });

  it('makes the journey wait (a retried failure) for a grant the projector has not stored yet', async () => {
    const request = {
      customerId: uniqueId('early'),
      channel: 'email' as const,
      grantEventId: randomUUID(),
      grantedAt: new Date().toISOString(),
    };
    await assert.rejects(deps.activities().readSubscriptionState(request), { type: 'NotYetProjected', nonRetryable: false });
  });
});
