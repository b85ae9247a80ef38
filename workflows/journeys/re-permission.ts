/**
 * Re-permission: marketing consent lapses CONSENT_LAPSE_MONTHS (24) after it was given.
 * Each marketing grant starts a run, keyed by its channel and event: 30 and 7 days before
 * the lapse (at the last 10:00 of the customer's day before then, so the notice is never
 * shorter than promised) the customer is asked to renew, with a signed one-click link and an
 * offer built from what we know (months since the last order, what they bought most, a code
 * from their country's pool). A renewal is a new `Consent Granted`: it starts a fresh run
 * and ends this one, and so does a revocation. At the lapse, if still in force, the grant is
 * written off as `Consent Expired`, and the send gate stops marketing on the channel.
 *
 * Channels: email asks by email, SMS by a short text with the link. Push and post are asked
 * by email: a notification has no room for what is asked and why, and a postcard costs
 * about a unit of the shop's currency to ask whether we may send more postcards, and a
 * printed link is no one click. The email goes only if the customer allows email marketing.
 *
 * Marketing, not transactional: the customer still allows marketing on the channel when
 * asked (30 and 7 days before it lapses), and a request to keep sending marketing is
 * marketing. Caps, quiet hours and an unsubscribe link apply to it as to any other, and a
 * customer without transactional consent can still be asked.
 *
 * No holdout: the lapse happens to everyone; keeping a tenth unasked would only let their
 * consent lapse for a measure (the renewal rate without asking, near nil) not worth knowing.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { PayloadOf } from '../../schemas/catalog.ts';
import type { CouponOffer, JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** Operators fill it (`journeys coupons create re-permission …`); `re-permission-<country>` first, for offers of one market. */
export const RE_PERMISSION_POOL = 're-permission';
/** Days before the lapse the customer is asked. */
export const ASK_DAYS_BEFORE = [30, 7] as const;
const DAY_MS = 86_400_000;

const { lapseOfConsent, readRenewalFacts, expireConsent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const isMarketing = (consent: PayloadOf<'Consent Granted' | 'Consent Revoked'>) => consent.purpose === 'marketing';

export const rePermission = defineJourney({
  id: 're-permission',
  workflowType: 'rePermissionWorkflow',
  // One run per grant: a renewal is a new grant with a new lapse.
  trigger: {
    event: 'Consent Granted',
    key: (grant) => `${grant.payload.channel}:${grant.eventId}`,
    matches: (grant) => isMarketing(grant.payload),
  },
  exitOn: [
    {
      event: 'Consent Granted',
      reason: 'renewed',
      matches: (grant, later) =>
        isMarketing(later.payload) && later.payload.channel === grant.payload.channel && later.eventId !== grant.eventId,
    },
    {
      event: 'Consent Revoked',
      reason: 'revoked',
      matches: (grant, revoked) => isMarketing(revoked.payload) && revoked.payload.channel === grant.payload.channel,
    },
  ],
  waitsFor: [],
  reentry: 'once-per-key',
  // One run per grant: switched off, the renewal requests are skipped, and the grant still lapses.
  onDisable: 'skip-sends',
  // Since the awareness catalog (b6e9417) `Consent Granted` reaches customer workflows, so
  // their histories may hold one that, replayed, must not start this journey.
  addedAs: 'journey-re-permission',
  parameters: {
    couponPool: { default: RE_PERMISSION_POOL, about: 'the coupon pool of the renewal offer (tried as <pool>-<country> first)' },
  },
});

export async function rePermissionWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(rePermission, input, async (journey) => {
    const { channel } = journey.trigger.payload;
    const grantedAt = journey.trigger.occurredAt;
    const lapseAt = Date.parse(await lapseOfConsent({ grantedAt }));
    let coupon: CouponOffer | null = null;

    for (const daysBefore of ASK_DAYS_BEFORE) {
      const due = lapseAt - daysBefore * DAY_MS;
      // A grant older than the request's moment (routed late, imported) skips it rather than ask twice at once.
      if (Date.now() > due) continue;
      // The last 10:00 of their day at or before `due`: the next one after the day before.
      await journey.waitUntil(due - DAY_MS);
      await journey.waitUntilLocalTime('10:00');
      const step = `renewal-request-${daysBefore}`;
      const { country, ...facts } = await readRenewalFacts({ customerId: input.customerId, at: new Date().toISOString() });
      const pool = journey.parameters.couponPool;
      coupon ??=
        (country ? await journey.offerCoupon({ step: `${step}-coupon`, pool: `${pool}-${country.toLowerCase()}` }) : null) ??
        (await journey.offerCoupon({ step: `${step}-coupon-any`, pool }));
      const message = {
        step,
        deliverWithin: '3 days',
        coupon,
        facts: { ...facts, country, lapsesAt: new Date(lapseAt).toISOString(), daysLeft: daysBefore },
      } as const;
      if (channel === 'sms') await journey.send.sms({ ...message, template: 'consent-renewal-sms' });
      else await journey.send.email({ ...message, template: 'consent-renewal' });
    }

    await journey.waitUntil(lapseAt);
    journey.step('lapse');
    // Not renewed, nor revoked (either would have ended this run): the grant lapses.
    const lapsed = await expireConsent({ customerId: input.customerId, channel, grantedAt, at: new Date().toISOString() });
    if (lapsed === 'not-in-force') journey.leave('not-in-force');
  });
}
