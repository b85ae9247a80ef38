/**
 * SMS through the official Twilio client against the provider sink (Twilio's API and
 * errors), passing the same send gate as every channel.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { findMessage } from '../../../services/platform/db/message-ledger.ts';
import { createActivityDeps } from '../../../test/support/activity-deps.ts';
import { createShopper, customerEvent, uniqueId } from '../../../test/support/fixtures.ts';
import { failureTypes } from '../../failure-types.ts';
import type { MessageRequest } from '../message-request.ts';

const deps = createActivityDeps('sms-test');
before(() => deps.start());
after(() => deps.stop());

async function smsStep(options: { consent: boolean; withPhone?: boolean }) {
  const shopper = await createShopper(deps.db, { ...options, channels: ['sms'] });
  const request: MessageRequest = {
    customerId: shopper.customerId,
    journeyId: 'cart-abandonment',
    workflowId: `journey/test/${shopper.customerId}/${randomUUID()}`,
    step: 'sms-reminder',
    at: new Date().toISOString(),
    template: 'cart-reminder-sms',
    trigger: customerEvent(shopper.customerId, 'Checkout Started', { cart_id: uniqueId('cart'), value: { amount: 4200, currency: 'USD' } }),
  };
  return { ...shopper, request, key: `${request.workflowId}/${request.step}` };
}

describe('SMS through Twilio', () => {
  it("sends the rendered text with its opt-out line to the customer's number, once", async () => {
    const { phone, request, key } = await smsStep({ consent: true });
    const outcome = await deps.activities().sendSms(request);
    const again = await deps.activities().sendSms(request);

    assert.equal(outcome.status, 'sent');
    assert.deepEqual(again, outcome);
    const received = await deps.sink.received('twilio', phone);
    assert.equal(received.length, 1);
    assert.equal(received[0]?.id, outcome.status === 'sent' ? outcome.providerMessageId : '');
    assert.match((received[0]?.content as { body: string }).body, /^Test, your cart is saved\. .* Reply STOP to opt out\.$/);
    assert.equal((await findMessage(deps.db, key))?.status, 'sent');
  });

  it('skips a customer without SMS consent, or without a phone number', async () => {
    const { phone, request } = await smsStep({ consent: false });
    const outcome = await deps.activities().sendSms(request);
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'no-consent');

    const phoneless = await smsStep({ consent: true, withPhone: false });
    const skipped = await deps.activities().sendSms(phoneless.request);
    assert.deepEqual(skipped.status === 'skipped' && skipped.reason, 'no-address');
    assert.equal((await deps.sink.received('twilio', phone)).length, 0);
  });

  it("records Twilio's refusal (21610, an unsubscribed number) as failed, and never retries it", async () => {
    const { phone, request, key } = await smsStep({ consent: true });
    await deps.sink.fault({ provider: 'twilio', to: phone, mode: 'reject', times: 1 });
    const outcome = await deps.activities().sendSms(request);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.status === 'failed' ? outcome.reason : '', /21610/);
    assert.equal((await findMessage(deps.db, key))?.status, 'failed');
  });

  it('releases the step when Twilio is unavailable (503), so that the activity retry sends it', async () => {
    const { phone, request } = await smsStep({ consent: true });
    await deps.sink.fault({ provider: 'twilio', to: phone, mode: 'unavailable', times: 1 });
    await assert.rejects(deps.activities().sendSms(request), (error: { type?: string }) => error.type === failureTypes.providerUnavailable);
    assert.equal((await deps.activities().sendSms(request)).status, 'sent');
    assert.equal((await deps.sink.received('twilio', phone)).length, 1);
  });
});
