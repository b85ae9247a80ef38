/**
 * The activities as workflows call them, answering from memory instead of PostgreSQL,
 * Kafka and the providers: for workflow tests of the unit tier, which need only the
 * time-skipping test server. Typed as the real factories' result (`Activities`), so a
 * changed activity signature breaks these mocks at compile time, not at run time.
 *
 * The send activities keep the parts of the send gate a journey's timeline depends on:
 * the ledger (a step decided once), a step covered by an earlier one, the holdout, consent
 * per channel and an address. Like
 * the real activities, they act for the customer an id was merged into (`mergeIdentity`,
 * what the projector's identity table says).
 */
import type { Activities } from '../../activities/index.ts';
import type { MessageRequest } from '../../activities/channels/message-request.ts';
import { channels, type Channel } from '../../schemas/channels.ts';
import type { JourneySettings, MessageFacts, ProfileFacts, RenewalFacts, SendOutcome, ViewedProduct } from '../../schemas/journey.ts';
import { expiryWeekOf, type TierOutlook } from '../../schemas/loyalty.ts';
import { lapseOf } from '../../services/platform/consent-lapse/consent-lapse.ts';
import { nextAnniversary, nextLocalTime, parseTimeOfDay } from '../../services/platform/local-time.ts';
import { decideReward, type RewardDecision } from '../../services/platform/referrals/reward-decision.ts';

export interface MockCustomer {
  /** Channels the customer allows marketing on. */
  consent: Channel[];
  /** Channels the customer has an address on; all four unless said. */
  reachableOn?: Channel[];
  timeZone?: string;
  /** What journey.profile().country answers; null unless said. */
  country?: string;
  /** What journey.profile().value answers; null (no orders) unless said. */
  value?: ProfileFacts['value'];
  segments?: ProfileFacts['segments'];
  birthday?: string;
  abandonedForDiscount?: boolean;
  /** What journey.viewedProducts() answers; nothing unless said. */
  viewed?: ViewedProduct[];
  /** What journey.profile().orders answers; no orders unless said. */
  orders?: ProfileFacts['orders'];
  /** Channels whose marketing subscription waits for its double opt-in confirmation (not in `consent` then). */
  pending?: Channel[];
  /** What the re-permission journey's readRenewalFacts answers; nothing known unless said. */
  renewal?: RenewalFacts;
  /** Lots of loyalty points (a test empties one to stand for a redemption); none unless said. */
  pointLots?: { remaining: number; expiresAt: string }[];
  /** What readTierOutlook answers at a moment (ms); no tier unless said. */
  tierOutlook?: (at: number) => TierOutlook;
}

/** One decision of a send activity, with the journey's clock when it asked. */
export interface MockSend {
  customerId: string;
  channel: Channel;
  step: string;
  template: string;
  status: SendOutcome['status'];
  /** Why a skipped step was not sent. */
  reason?: string;
  /** The journey's clock when it asked (ms). */
  at: number;
  coupon?: string;
  /** Ids of the products the message listed. */
  products?: string[];
  /** Owed to the customer (a reward): never suppressed for low value. */
  promised?: true;
  /** What the journey told the template (`facts.points`). */
  facts?: MessageFacts;
}

export function createMockActivities(customers: Record<string, MockCustomer>) {
  const sends: MockSend[] = [];
  const assignments: Parameters<Activities['recordAssignment']>[0][] = [];
  /** What journeys published of their entries: entered (with the arm), completed or exited (with the reason). */
  const entries: (Parameters<Activities['recordJourneyEntered']>[0] | Parameters<Activities['recordJourneyEnded']>[0])[] = [];
  const referralDecisions = new Map<string, RewardDecision>();
  const decided = new Map<string, SendOutcome>();
  const mergedInto = new Map<string, string>();
  /** Per journey id, what an operator set (`journeys journey disable|set`); enabled with defaults otherwise. */
  const journeySettings = new Map<string, JourneySettings>();
  /** Journey ids an operator stopped (`journeys journey stop`): the gate's kill switch ends their customers' runs. */
  const stoppedJourneys = new Set<string>();
  const customerIdNow = (customerId: string) => mergedInto.get(customerId) ?? customerId;
  /** `Consent Expired` events the journeys wrote, as the real activity would append them to the log. */
  const expiries: { customerId: string; channel: Channel; grantedAt: string; at: number }[] = [];
  /** `Loyalty Tier Review Due` events the journeys wrote, as the real activity would append them to the log. */
  const tierReviews: Parameters<Activities['requestTierReview']>[0][] = [];
  /** What each points-expiry reminder announced (services/platform/loyalty/expiry-reminders.ts), in order. */
  const announcedSpans: { customerId: string; workflowId: string; step: string; from: number; until: number; countedAt: number }[] = [];
  /** As the gate: a journey that keeps its customers while switched off skips their steps. */
  const switchedOff = (request: { journeyId: string; skipWhileDisabled?: boolean }) =>
    request.skipWhileDisabled === true && journeySettings.get(request.journeyId)?.enabled === false;
  const customer = (customerId: string): MockCustomer => customers[customerIdNow(customerId)] ?? { consent: [] };

  function send(channel: Channel) {
    return async (request: MessageRequest): Promise<SendOutcome> => {
      const key = `${request.workflowId}/${request.step}`;
      const earlier = decided.get(key);
      if (earlier) return earlier;
      const { consent: marketing, pending = [], reachableOn = [...channels] } = customer(request.customerId);
      // As the gate: a double opt-in request needs only the pending subscription it asks to confirm.
      const consent = request.confirmsSubscription ? pending : marketing;
      const base = { channel, step: request.step };
      const outcome: SendOutcome = stoppedJourneys.has(request.journeyId)
        ? { ...base, status: 'skipped', reason: 'journey-stopped' }
        : switchedOff(request)
          ? { ...base, status: 'skipped', reason: 'journey-disabled' }
          : request.covered
            ? { ...base, status: 'skipped', reason: 'covered-by-earlier-reminder' }
            : request.holdout
              ? { ...base, status: 'skipped', reason: 'holdout' }
              : !consent.includes(channel)
                ? { ...base, status: 'skipped', reason: 'no-consent' }
                : !reachableOn.includes(channel)
                  ? { ...base, status: 'skipped', reason: 'no-address' }
                  : { ...base, status: 'sent', providerMessageId: `mock-${sends.length + 1}` };
      decided.set(key, outcome);
      sends.push({
        customerId: customerIdNow(request.customerId),
        channel,
        step: request.step,
        template: request.template,
        status: outcome.status,
        ...(outcome.status === 'skipped' ? { reason: outcome.reason } : {}),
        at: Date.parse(request.at),
        ...(request.coupon ? { coupon: request.coupon.code } : {}),
        ...(request.products ? { products: request.products.map((product) => product.productId) } : {}),
        ...(request.promised ? { promised: true as const } : {}),
        ...(request.facts ? { facts: request.facts } : {}),
      });
      return Promise.resolve(outcome);
    };
  }

  const activities: Activities = {
    sendEmail: send('email'),
    sendSms: send('sms'),
    sendPush: send('push'),
    sendDirectMail: send('direct_mail'),
    cancelDirectMail: (request) =>
      Promise.resolve(decided.get(`${request.workflowId}/${request.step}`)?.status === 'sent' ? 'cancelled' : 'nothing-to-cancel'),
    recordAssignment: (request) => {
      assignments.push(request);
      return Promise.resolve();
    },
    recordJourneyEntered: (request) => {
      entries.push(request);
      if (request.assigns) assignments.push(request);
      return Promise.resolve();
    },
    recordJourneyEnded: (request) => {
      entries.push(request);
      return Promise.resolve();
    },
    readProfileFacts: (customerId): Promise<ProfileFacts> => {
      const { consent, reachableOn = [...channels], timeZone = null } = customer(customerId);
      return Promise.resolve({
        marketingConsent: consent,
        reachableOn,
        timeZone,
        country: customer(customerId).country ?? null,
        birthday: customer(customerId).birthday ?? null,
        orders: customer(customerId).orders ?? { count: 0, spent: [], firstAt: null },
        value: customer(customerId).value ?? null,
        segments: customer(customerId).segments ?? [],
        abandonedForDiscount: customer(customerId).abandonedForDiscount ?? false,
      });
    },
    nextLocalTime: ({ customerId, time, after }) =>
      Promise.resolve(nextLocalTime(new Date(after), parseTimeOfDay(time), customer(customerId).timeZone ?? 'UTC').toISOString()),
    nextAnniversary: (request) => Promise.resolve(nextAnniversary(request, customer(request.customerId).timeZone ?? 'UTC')),
    readViewedProducts: ({ customerId, minViews }) =>
      Promise.resolve((customer(customerId).viewed ?? []).filter((product) => product.views >= minViews)),
    readJourneySettings: (journeyId) => Promise.resolve(journeySettings.get(journeyId) ?? { enabled: true, parameters: {} }),
    recomputeCustomerValue: () => Promise.resolve({ customers: 0, seconds: 0, bgNbd: null, gammaGamma: null }),
    refreshAllSegments: () => Promise.resolve({ customers: 0, entered: 0, exited: 0, seconds: 0 }),
    lapseOfConsent: ({ grantedAt }) => Promise.resolve(lapseOf(new Date(grantedAt), 24).toISOString()),
    readRenewalFacts: ({ customerId }) =>
      Promise.resolve(
        customer(customerId).renewal ?? { monthsSinceLastOrder: null, favouriteCategory: null, favouriteProduct: null, country: null },
      ),
    // The consent lapses: the customer no longer allows marketing on the channel (as the projector would record).
    expireConsent: ({ customerId, channel, grantedAt, at }) => {
      const allowed = customer(customerId).consent;
      if (!allowed.includes(channel)) return Promise.resolve('not-in-force' as const);
      allowed.splice(allowed.indexOf(channel), 1);
      expiries.push({ customerId: customerIdNow(customerId), channel, grantedAt, at: Date.parse(at) });
      return Promise.resolve('expired' as const);
    },
    readSubscriptionState: ({ customerId, channel }) =>
      Promise.resolve((customer(customerId).pending ?? []).includes(channel) ? ('pending' as const) : ('not-pending' as const)),
    openHolidayCampaignWindows: ({ date }) => Promise.resolve({ date, windows: [], skipped: [] }),
    offerCoupon: (request) =>
      Promise.resolve(
        request.holdout || switchedOff(request)
          ? null
          : {
              code: `CODE-${request.poolId}-${request.step}`,
              discount: '10% off',
              expiresAt: new Date(Date.parse(request.at) + 30 * 86_400_000).toISOString(),
            },
      ),
    // Valid at `at`: the lot has not expired yet.
    readExpiringPoints: (request) => {
      const { customerId, at } = request;
      const valid = (customer(customerId).pointLots ?? []).filter((lot) => lot.remaining > 0 && Date.parse(lot.expiresAt) > Date.parse(at));
      // Asked by an earning's lot: the soonest lot stands for it.
      const day = 'week' in request ? request.week : valid.map((lot) => lot.expiresAt.slice(0, 10)).sort()[0];
      const week = day === undefined ? undefined : expiryWeekOf(day);
      const expiring = valid.filter((lot) => expiryWeekOf(lot.expiresAt) === week).map((lot) => lot.expiresAt);
      return Promise.resolve({
        points: valid.filter((lot) => expiryWeekOf(lot.expiresAt) === week).reduce((sum, lot) => sum + lot.remaining, 0),
        expiresAt: expiring.sort()[0] ?? null,
        lastExpiresAt: expiring.sort().at(-1) ?? null,
        balance: valid.reduce((sum, lot) => sum + lot.remaining, 0),
      });
    },
    // As the real one, but every lot counts as earned before any reminder counted it.
    decidePointsReminder: (request) => {
      const customerId = customerIdNow(request.customerId);
      const first = Date.parse(request.first);
      const last = Date.parse(request.last);
      const until = Date.parse(request.until);
      const at = Date.parse(request.at);
      const wentOut = (span: (typeof announcedSpans)[number]) => {
        const outcome = decided.get(`${span.workflowId}/${span.step}`);
        return request.holdout ? outcome?.status === 'skipped' && outcome.reason === 'holdout' : outcome?.status === 'sent';
      };
      const covering = announcedSpans
        .filter((span) => span.customerId === customerId && span.step === request.step && span.workflowId !== request.workflowId)
        .filter((span) => span.from <= first && span.until > last && span.countedAt <= at && wentOut(span))
        .sort((a, b) => b.until - a.until)[0];
      if (covering)
        return Promise.resolve({ covered: true as const, by: covering.workflowId, until: new Date(covering.until).toISOString() });
      const valid = (customer(customerId).pointLots ?? []).filter((lot) => lot.remaining > 0 && Date.parse(lot.expiresAt) > at);
      const inSpan = valid.filter((lot) => Date.parse(lot.expiresAt) >= first && Date.parse(lot.expiresAt) < until);
      const dates = inSpan.map((lot) => lot.expiresAt).sort();
      announcedSpans.push({ customerId, workflowId: request.workflowId, step: request.step, from: first, until, countedAt: at });
      return Promise.resolve({
        covered: false as const,
        points: inSpan.reduce((sum, lot) => sum + lot.remaining, 0),
        expiresAt: dates[0] ?? null,
        lastExpiresAt: dates.at(-1) ?? null,
        balance: valid.reduce((sum, lot) => sum + lot.remaining, 0),
      });
    },
    readTierOutlook: ({ customerId, at }) =>
      Promise.resolve(
        customer(customerId).tierOutlook?.(Date.parse(at)) ?? {
          tier: null,
          qualifying: 0,
          heldUntil: null,
          neededToKeep: null,
          nextTier: null,
        },
      ),
    requestTierReview: (request) => {
      tierReviews.push({ ...request, customerId: customerIdNow(request.customerId) });
      return Promise.resolve();
    },
    // The program's own rules (decideReward) on what memory knows: referrers are the known
    // customers, nobody shares contact details; decided once per referee.
    decideReferralReward: ({ refereeId, referrerId, minFirstOrder, maxRewardsPerMonth, order }) => {
      const earlier = referralDecisions.get(refereeId);
      if (earlier) return Promise.resolve(earlier);
      const known = referrerId !== undefined && referrerId in customers ? referrerId : null;
      const rewards = [...referralDecisions.values()].filter(
        (decision) => decision.outcome === 'rewarded' && decision.referrerId === known,
      );
      const decision = decideReward(
        {
          referrerId: known,
          sameCustomer: known === refereeId,
          sharesEmail: false,
          sharesPhone: false,
          sharesAddress: false,
          sharesPaymentCard: false,
          orderedBefore: false,
          orderAmount: order.total?.amount ?? null,
          rewardsThisMonth: rewards.length,
          rewardsBefore: rewards.length,
        },
        { minFirstOrder, maxRewardsPerMonth },
      );
      referralDecisions.set(refereeId, decision);
      return Promise.resolve(decision);
    },
  };
  return {
    activities,
    referralDecisions,
    assignments,
    entries,
    expiries,
    tierReviews,
    /** From now on `mergedId` is `customerId` (as the projector records `Identities Merged`). */
    mergeIdentity: (mergedId: string, customerId: string) => void mergedInto.set(mergedId, customerId),
    /** As `journeys journey disable|set` would: for journeys entered from now on. */
    setJourney: (journeyId: string, settings: JourneySettings) => void journeySettings.set(journeyId, settings),
    /** As `journeys journey stop` would: the next send of any of its runs ends that run. */
    stopJourney: (journeyId: string) => void stoppedJourneys.add(journeyId),
    /** What the send activities decided for a customer, in order. */
    sendsOf: (customerId: string) => sends.filter((sent) => sent.customerId === customerId),
  };
}
