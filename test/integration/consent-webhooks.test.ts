/**
 * Consent withdrawn outside the shop, on the real ingest API, Kafka and projector: an SMS
 * keyword sent to our Twilio number, and the unsubscribe link (and RFC 8058 one-click
 * button) of a marketing email. Each becomes a consent event in the log, which the send
 * gate then obeys.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import twilio from 'twilio';
import type { Channel } from '../../schemas/primitives.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';
import { customerEvent, uniqueId } from '../support/fixtures.ts';
import { customerEventsEnd, shopperThroughTheLog, waitForProjected } from '../support/pipeline.ts';
import { createSegmentClient, expectAccepted } from '../../services/cli/demo/segment-client.ts';

const { config, deps, ingestUrl } = productOnTheStack('consent-webhooks-test', { INGEST_PORT: '18085' }, ['ingest', 'projector']);

const shopperThroughTheLogWith = (consent: Channel) => shopperThroughTheLog(deps.db, ingestUrl(), { consent });

/** Posts an inbound SMS as Twilio does: form-encoded, signed with the auth token over the webhook URL. */
function inboundSms(params: Record<string, string>, signWith = config.sms.authToken) {
  const signature = twilio.getExpectedTwilioSignature(signWith, config.sms.webhookUrl, params);
  return fetch(config.sms.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

async function consentOf(customerId: string, channel: Channel) {
  const { rows } = await deps.db.query<{ granted: boolean; source: string | null }>(
    `select c.granted, h.source from consent c join consent_history h on h.event_id = c.event_id
     where c.customer_id = $1 and c.channel = $2 and c.purpose = 'marketing'`,
    [customerId, channel],
  );
  return rows[0];
}
const waitForConsent = (customerId: string, channel: Channel, granted: boolean) =>
  waitFor(async () => ((await consentOf(customerId, channel))?.granted === granted ? consentOf(customerId, channel) : undefined), {
    timeoutMs: 20_000,
    what: `${channel} consent ${granted}`,
  });

const trigger = (customerId: string) =>
  customerEvent(customerId, 'Checkout Started', { cart_id: uniqueId('cart'), value: { amount: 4200, currency: 'USD' } });
const step = (customerId: string, template: string) => ({
  customerId,
  journeyId: 'cart-abandonment',
  workflowId: `journey/test/${customerId}/${randomUUID()}`,
  step: 'reminder',
  at: new Date().toISOString(),
  template,
  trigger: trigger(customerId),
});

describe('consent webhooks', () => {
  it('STOP texted to our number revokes SMS consent through the event log; the next SMS is skipped', async () => {
    const shopper = await shopperThroughTheLogWith('sms');
    const stop = {
      From: shopper.phone,
      To: config.sms.from,
      Body: ' stop ',
      MessageSid: `SM${randomUUID().replaceAll('-', '')}`,
      AccountSid: config.sms.accountSid,
    };
    const answer = await inboundSms(stop);
    assert.equal(answer.status, 200);
    assert.match(await answer.text(), /<Response><\/Response>/);
    assert.deepEqual(await waitForConsent(shopper.customerId, 'sms', false), { granted: false, source: 'sms-keyword-stop' });

    // Twilio repeats a webhook it got no answer to: the same message makes the same event.
    await inboundSms(stop);
    const { rows } = await deps.db.query('select count(*)::int as n from consent_history where customer_id = $1 and granted = false', [
      shopper.customerId,
    ]);
    assert.deepEqual(rows, [{ n: 1 }]);

    const outcome = await deps.activities().sendSms(step(shopper.customerId, 'cart-reminder-sms'));
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'no-consent');

    await inboundSms({ ...stop, Body: 'START', MessageSid: `SM${randomUUID().replaceAll('-', '')}` });
    await waitForConsent(shopper.customerId, 'sms', true);
  });

  it('answers HELP (and INFO) with who we are and how to opt out, and writes nothing', async () => {
    const shopper = await shopperThroughTheLogWith('sms');
    const before = await customerEventsEnd(deps.kafka);
    for (const Body of ['HELP', ' info ']) {
      const answer = await inboundSms({
        From: shopper.phone,
        To: config.sms.from,
        Body,
        MessageSid: `SM${randomUUID().replaceAll('-', '')}`,
      });
      assert.equal(answer.status, 200);
      const reply = /<Message>(.*)<\/Message>/.exec(await answer.text())?.[1];
      assert.equal(reply, config.sms.helpText.replaceAll('&', '&#38;'));
      assert.match(reply ?? '', /Reply STOP to opt out/);
    }
    assert.equal(await customerEventsEnd(deps.kafka), before);
  });

  it('a STOP from a phone number several customers share revokes SMS consent for each of them', async () => {
    const first = await shopperThroughTheLogWith('sms');
    const second = await shopperThroughTheLogWith('sms');
    const messageId = randomUUID();
    const shop = createSegmentClient(ingestUrl(), 'dev-write-key');
    await expectAccepted(shop.identify({ userId: second.customerId, messageId, traits: { phone: first.phone } }));
    await waitForProjected(deps.db, [messageId]);
    await inboundSms({ From: first.phone, To: config.sms.from, Body: 'STOP', MessageSid: `SM${randomUUID().replaceAll('-', '')}` });
    await waitForConsent(first.customerId, 'sms', false);
    await waitForConsent(second.customerId, 'sms', false);
  });

  it('refuses an inbound SMS whose Twilio signature does not verify, and writes nothing', async () => {
    const shopper = await shopperThroughTheLogWith('sms');
    const before = await customerEventsEnd(deps.kafka);
    const answer = await inboundSms({ From: shopper.phone, Body: 'STOP', MessageSid: 'SM1' }, 'not-the-auth-token');
    assert.equal(answer.status, 403);
    assert.equal(await customerEventsEnd(deps.kafka), before);
    assert.equal((await consentOf(shopper.customerId, 'sms'))?.granted, true);
  });

  it('the unsubscribe link of a marketing email asks on GET and unsubscribes on the one-click POST', async () => {
    const shopper = await shopperThroughTheLogWith('email');
    assert.equal((await deps.activities().sendEmail(step(shopper.customerId, 'cart-reminder-1'))).status, 'sent');
    const [email] = await deps.inbox.to(shopper.email);
    const link = /^<(.+)>$/.exec(email?.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
    assert.equal(email?.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.ok(email?.text.includes(link), 'the same link is in the text');

    const asked = await fetch(link);
    assert.equal(asked.status, 200);
    assert.match(await asked.text(), /<form method="post">/);
    assert.equal((await consentOf(shopper.customerId, 'email'))?.granted, true, 'a GET (a link scanner) changes nothing');

    const tampered = link.replace(/\.([\w-]+)$/, '.forged');
    assert.equal((await fetch(tampered, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status, 400);

    const clicked = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(clicked.status, 200);
    assert.deepEqual(await waitForConsent(shopper.customerId, 'email', false), { granted: false, source: 'list-unsubscribe-one-click' });
  });
});
