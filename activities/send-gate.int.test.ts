/**
 * The send gate on the real PostgreSQL, Kafka and SMTP sink: at most one message per
 * journey step whatever retries or crashes happen, the kill switch, consent as of now,
 * and every decision published to journey-outcomes.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { topics } from '../schemas/names.ts';
import { JourneyOutcome } from '../schemas/outcomes.ts';
import { addCouponCodes, createCouponPool } from '../services/platform/db/coupons.ts';
import { setJourneyEnabled, setJourneyState } from '../services/platform/db/journey-controls.ts';
import { findMessage } from '../services/platform/db/message-ledger.ts';
import { createSmtpMailer, type Mailer } from './channels/email/smtp-mailer.ts';
import { readToEnd } from '../services/platform/kafka/read-to-end.ts';
import { parseFrequencyCaps } from '../services/platform/send-policy/frequency-caps.ts';
import { parseQuietHours } from '../services/platform/send-policy/quiet-hours.ts';
import type { SendPolicy } from '../services/platform/send-policy/send-policy.ts';
import { createActivityDeps, unlimited } from '../test/support/activity-deps.ts';
import { createShopper, customerEvent, project, recordEarlierSends, uniqueId } from '../test/support/fixtures.ts';
import { failureTypes } from './failure-types.ts';
import type { MessageRequest } from './channels/message-request.ts';

const deps = createActivityDeps('send-gate-test');
const { db, kafka, inbox, config } = deps;
const { mailer } = deps.channels;
const HOUR = 3_600_000;
const activities = (through: Mailer = mailer, policy: SendPolicy = unlimited) => deps.activities({ mailer: through, policy });

before(() => deps.start());
after(() => deps.stop());

async function emailStep(options: { consent: boolean; journeyId?: string; timeZone?: string }) {
  const shopper = await createShopper(db, options);
  const request: MessageRequest = {
    customerId: shopper.customerId,
    journeyId: options.journeyId ?? 'cart-abandonment',
    workflowId: `journey/test/${shopper.customerId}/${randomUUID()}`,
    step: 'reminder-1',
    at: new Date().toISOString(),
    template: 'cart-reminder-1',
    trigger: customerEvent(shopper.customerId, 'Checkout Started', { cart_id: uniqueId('cart'), value: { amount: 1999, currency: 'EUR' } }),
  };
  return { ...shopper, request };
}

async function publishedOutcomes(outcomeId: string): Promise<JourneyOutcome[]> {
  const found: JourneyOutcome[] = [];
  await readToEnd(kafka, topics.journeyOutcomes, ({ messages }) => {
    for (const message of messages) {
      // Other tests write to the topic too (test/integration/journey-analytics.test.ts a record that is not an outcome).
      const outcome = JourneyOutcome.safeParse(JSON.parse(message.value!.toString('utf8')));
      if (outcome.success && outcome.data.outcomeId === outcomeId) found.push(outcome.data);
    }
    return Promise.resolve();
  });
  return found;
}

describe('send gate', () => {
  it('sends a step once: the retry finds the ledger row and returns the same outcome without sending', async () => {
    const { email, request } = await emailStep({ consent: true });
    const first = await activities().sendEmail(request);
    const retried = await activities().sendEmail(request);
    assert.equal(first.status, 'sent');
    assert.deepEqual(retried, first);
    assert.equal((await inbox.to(email)).length, 1);
    const sent = await inbox.to(email);
    assert.equal(sent[0]?.headers['x-idempotency-key'], `${request.workflowId}/${request.step}`);
  });

  it('never sends again a step whose attempt was interrupted after the provider accepted it', async () => {
    const { email, request } = await emailStep({ consent: true });
    // The provider accepts, then the attempt dies before the ledger learns it (as a killed worker would).
    const dying: Mailer = {
      send: async (message) => {
        await mailer.send(message);
        throw new Error('worker killed');
      },
      close: () => undefined,
    };
    await assert.rejects(activities(dying).sendEmail(request), /worker killed/);
    const retried = await activities().sendEmail(request);
    assert.deepEqual(
      { status: retried.status, reason: retried.status === 'skipped' ? retried.reason : undefined },
      { status: 'skipped', reason: 'possibly-sent' },
    );
    assert.equal((await inbox.to(email)).length, 1);
  });

  it('releases the step when the provider certainly did not accept it, so that the retry sends', async () => {
    const { email, request } = await emailStep({ consent: true });
    const unreachable = createSmtpMailer('smtp://127.0.0.1:1', config.email.from);
    await assert.rejects(
      activities(unreachable).sendEmail(request),
      (error: { type?: string }) => error.type === failureTypes.providerUnavailable,
    );
    unreachable.close();
    assert.equal(await findMessage(db, `${request.workflowId}/${request.step}`), null);
    assert.equal((await activities().sendEmail(request)).status, 'sent');
    assert.equal((await inbox.to(email)).length, 1);
  });

  it('holds sends of a paused journey without recording them, skips them once stopped, sends again when active', async () => {
    const journeyId = uniqueId('switched-journey');
    const paused = await emailStep({ consent: true, journeyId });
    await setJourneyState(db, journeyId, 'paused');
    assert.equal((await activities().sendEmail(paused.request)).status, 'held');
    assert.equal(await findMessage(db, `${paused.request.workflowId}/${paused.request.step}`), null);

    await setJourneyState(db, journeyId, 'stopped');
    const stopped = await activities().sendEmail(paused.request);
    assert.deepEqual(stopped.status === 'skipped' && stopped.reason, 'journey-stopped');

    await setJourneyState(db, journeyId, 'active');
    const resumed = await emailStep({ consent: true, journeyId });
    assert.equal((await activities().sendEmail(resumed.request)).status, 'sent');
    assert.equal((await inbox.to(paused.email)).length, 0);
  });

  it('switched off, skips the steps (and coupons) of a journey that keeps its customers, and sends those of others', async () => {
    const journeyId = uniqueId('yearly-journey');
    const poolId = uniqueId('yearly-pool');
    await createCouponPool(db, { poolId, discount: '10% off', validDays: 14, countries: null });
    await addCouponCodes(db, poolId, [uniqueId('CODE')]);
    const yearly = await emailStep({ consent: true, journeyId });
    const request = { ...yearly.request, skipWhileDisabled: true };
    await setJourneyEnabled(db, journeyId, false);
    assert.equal(await activities().offerCoupon({ ...request, step: 'coupon', poolId }), null, 'no coupon drawn while off');
    const skipped = await activities().sendEmail(request);
    assert.deepEqual(skipped.status === 'skipped' && skipped.reason, 'journey-disabled');
    // A journey that keeps new customers out while off goes on with those already in.
    const ordinary = await emailStep({ consent: true, journeyId });
    assert.equal((await activities().sendEmail(ordinary.request)).status, 'sent');

    await setJourneyEnabled(db, journeyId, true);
    assert.ok(await activities().offerCoupon({ ...request, step: 'coupon-next-year', poolId }), 'on again: the coupon is drawn');
    const nextYear = await emailStep({ consent: true, journeyId });
    assert.equal((await activities().sendEmail({ ...nextYear.request, skipWhileDisabled: true })).status, 'sent');
    assert.equal((await inbox.to(yearly.email)).length, 0);
  });

  it('lets the holdout follow the kill switch (held while paused, out when stopped) and records its steps as holdout, sending nothing', async () => {
    const journeyId = uniqueId('held-out-journey');
    const heldOut = await emailStep({ consent: true, journeyId });
    const request = { ...heldOut.request, holdout: true };
    await setJourneyState(db, journeyId, 'paused');
    assert.equal((await activities().sendEmail(request)).status, 'held');
    await setJourneyState(db, journeyId, 'active');
    const outcome = await activities().sendEmail(request);
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'holdout');
    const later = { ...request, step: 'reminder-2' };
    await setJourneyState(db, journeyId, 'stopped');
    const stopped = await activities().sendEmail(later);
    assert.deepEqual(stopped.status === 'skipped' && stopped.reason, 'journey-stopped');
    assert.equal((await inbox.to(heldOut.email)).length, 0);
  });

  it('records a step an earlier reminder covered as skipped, published, for the holdout too, sending nothing', async () => {
    const covered = await emailStep({ consent: true, journeyId: 'loyalty-points-expiry' });
    const request = { ...covered.request, covered: true };
    const outcome = await activities().sendEmail(request);
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'covered-by-earlier-reminder');
    const key = `${request.workflowId}/${request.step}`;
    assert.deepEqual(
      (await publishedOutcomes(key)).map((published) => [published.status, published.reason]),
      [['skipped', 'covered-by-earlier-reminder']],
    );
    const heldOut = await activities().sendEmail({ ...request, step: 'reminder-2', holdout: true });
    assert.deepEqual(heldOut.status === 'skipped' && heldOut.reason, 'covered-by-earlier-reminder');
    assert.equal((await findMessage(db, key))?.reason, 'covered-by-earlier-reminder');
    assert.equal((await inbox.to(covered.email)).length, 0);
  });

  it('checks consent as of the send: a revocation just before it skips the step, recorded and published', async () => {
    const { customerId, email, request } = await emailStep({ consent: true });
    await project(db, customerEvent(customerId, 'Consent Revoked', { channel: 'email', purpose: 'marketing' }));
    const outcome = await activities().sendEmail(request);
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'no-consent');
    assert.equal((await findMessage(db, `${request.workflowId}/${request.step}`))?.status, 'skipped');
    assert.equal((await inbox.to(email)).length, 0);

    const published = await publishedOutcomes(`${request.workflowId}/${request.step}`);
    assert.deepEqual(
      published.map(({ status, reason, customerId: id, channel }) => ({ status, reason, id, channel })),
      [{ status: 'skipped', reason: 'no-consent', id: customerId, channel: 'email' }],
    );
  });

  it('skips marketing to a customer in the bottom 20% by RFM (low-value-suppressed), unless the shop turns the rule off or owes the message', async () => {
    const suppressed = await emailStep({ consent: true });
    const kept = await emailStep({ consent: true });
    const owed = await emailStep({ consent: true });
    for (const { customerId } of [suppressed, kept, owed]) {
      await db.query(
        `insert into customer_scores (customer_id, recency_score, frequency_score, monetary_score, rfm_cell, rfm_group, bottom_20,
           current_value_score, potential_value_score, computed_at) values ($1, 1, 1, 1, '111', 'lost', true, 1, 1, now())`,
        [customerId],
      );
    }
    const outcome = await activities().sendEmail(suppressed.request);
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'low-value-suppressed');
    assert.equal((await inbox.to(suppressed.email)).length, 0);
    const sent = await activities(mailer, { ...unlimited, suppressBottom20: false }).sendEmail(kept.request);
    assert.equal(sent.status, 'sent');
    // A reward the customer earned (referral-reward) is kept to, whatever their value.
    assert.equal((await activities().sendEmail({ ...owed.request, promised: true })).status, 'sent');
  });

  it('counts a marketing grant past its lapse as no consent, though no Consent Expired came; a grant a day younger still sends', async () => {
    const monthsAgo = (months: number, days = 0) => {
      const at = new Date();
      at.setUTCMonth(at.getUTCMonth() - months, at.getUTCDate() + days);
      return at.toISOString();
    };
    const grantedAt = async (customerId: string, occurredAt: string, purpose: 'marketing' | 'transactional') =>
      project(db, { ...customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose }), occurredAt });
    const lapsed = await emailStep({ consent: false });
    await grantedAt(lapsed.customerId, monthsAgo(24, -1), 'marketing');
    const outcome = await activities().sendEmail(lapsed.request);
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'no-consent');
    // Transactional consent does not lapse.
    await grantedAt(lapsed.customerId, monthsAgo(30), 'transactional');
    const receipt = { ...lapsed.request, step: 'receipt', purpose: 'transactional' as const };
    assert.equal((await activities().sendEmail(receipt)).status, 'sent');

    const inForce = await emailStep({ consent: false });
    await grantedAt(inForce.customerId, monthsAgo(24, 1), 'marketing');
    assert.equal((await activities().sendEmail(inForce.request)).status, 'sent');
    assert.equal(
      (await activities(mailer, { ...unlimited, consentLapseMonths: 36 }).sendEmail({ ...lapsed.request, step: 'r2' })).status,
      'sent',
    );
  });

  it('never suppresses a transactional send for low value: the bottom 20% still get what they need', async () => {
    const { customerId, email, request } = await emailStep({ consent: false });
    await project(db, customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose: 'transactional' }));
    await db.query(
      `insert into customer_scores (customer_id, recency_score, frequency_score, monetary_score, rfm_cell, rfm_group, bottom_20,
         current_value_score, potential_value_score, computed_at) values ($1, 1, 1, 1, '111', 'lost', true, 1, 1, now())`,
      [customerId],
    );
    const marketing = await activities().sendEmail(request);
    assert.equal(marketing.status === 'skipped' && marketing.reason, 'low-value-suppressed');
    const transactional = await activities().sendEmail({ ...request, step: `${request.step}-confirmation`, purpose: 'transactional' });
    assert.equal(transactional.status, 'sent');
    assert.equal((await inbox.to(email)).length, 1);
    assert.equal((await findMessage(db, `${request.workflowId}/${request.step}-confirmation`))?.purpose, 'transactional');
  });

  it('defers a capped send to when the oldest counted send leaves the window, publishes the deferral, then sends', async () => {
    const policy: SendPolicy = { ...unlimited, caps: parseFrequencyCaps('email:2/24h') };
    const { customerId, email, request } = await emailStep({ consent: true });
    const now = Date.now();
    await recordEarlierSends(db, customerId, 'email', [new Date(now - 2 * HOUR), new Date(now - HOUR)]);

    const capped = await activities(mailer, policy).sendEmail(request);
    assert.equal(capped.status, 'deferred');
    const until = capped.status === 'deferred' ? capped.until : '';
    assert.ok(Math.abs(Date.parse(until) - (now + 22 * HOUR)) < 5_000, `deferred until ${until}`);
    assert.equal(capped.status === 'deferred' && capped.reason, 'frequency-cap');
    assert.equal(await findMessage(db, `${request.workflowId}/${request.step}`), null, 'a deferral reserves nothing');
    assert.equal((await inbox.to(email)).length, 0);
    const published = await publishedOutcomes(`${request.workflowId}/${request.step}/deferred/${until}`);
    assert.deepEqual(
      published.map(({ status, reason, deferredUntil }) => ({ status, reason, deferredUntil })),
      [{ status: 'deferred', reason: 'frequency-cap', deferredUntil: until }],
    );

    // The journey asks again at that time (its clock, ahead of ours): now it goes.
    const later = await activities(mailer, policy).sendEmail({ ...request, at: until });
    assert.equal(later.status, 'sent');
    assert.equal((await findMessage(db, `${request.workflowId}/${request.step}`))?.sentAt?.toISOString(), until);
    assert.equal((await inbox.to(email)).length, 1);
  });

  it('lets only one of several journeys racing for the last slot of a cap send; the others are deferred', async () => {
    const policy: SendPolicy = { ...unlimited, caps: parseFrequencyCaps('email:1/24h') };
    const { email, request } = await emailStep({ consent: true });
    const racers = Array.from({ length: 8 }, (_, i) => ({ ...request, workflowId: `${request.workflowId}-${i}` }));
    // Open the pool's connections first, so that the racers really run side by side.
    await Promise.all(Array.from({ length: 10 }, () => db.query('select pg_sleep(0.05)')));
    const decisions = await Promise.all(racers.map((racer) => activities(mailer, policy).sendEmail(racer)));
    assert.deepEqual(decisions.map((decision) => decision.status).sort(), [...Array<string>(7).fill('deferred'), 'sent']);
    assert.equal((await inbox.to(email)).length, 1);
  });

  it("defers a send in the customer's quiet hours to the first allowed local time", async () => {
    const policy: SendPolicy = { ...unlimited, quietHours: parseQuietHours('21:00-08:00', ['email']) };
    const { email, request } = await emailStep({ consent: true, timeZone: 'Asia/Tokyo' });
    const tokyoMidnight = new Date(Date.UTC(2030, 0, 15, 15, 0)); // 00:00 on 16 January in Tokyo (UTC+9)
    const outcome = await activities(mailer, policy).sendEmail({ ...request, at: tokyoMidnight.toISOString() });
    assert.deepEqual(outcome.status === 'deferred' && [outcome.reason, outcome.until], ['quiet-hours', '2030-01-15T23:00:00.000Z']);
    assert.equal((await inbox.to(email)).length, 0);
  });

  it('skips, and records, a send that could only go after its deadline', async () => {
    const policy: SendPolicy = { ...unlimited, caps: parseFrequencyCaps('email:1/24h') };
    const { customerId, email, request } = await emailStep({ consent: true });
    await recordEarlierSends(db, customerId, 'email', [new Date(Date.now() - HOUR)]);
    const deadline = new Date(Date.now() + 12 * HOUR).toISOString();
    const outcome = await activities(mailer, policy).sendEmail({ ...request, deadline });
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'past-deadline');
    assert.equal((await findMessage(db, `${request.workflowId}/${request.step}`))?.reason, 'past-deadline');
    assert.equal((await inbox.to(email)).length, 0);
  });
});
