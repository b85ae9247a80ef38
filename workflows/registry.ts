/**
 * Every shipped journey. The customer workflow starts and feeds journeys from this list;
 * the router sends Temporal only the events some journey triggers on, exits on or waits for,
 * those that move a customer's lifecycle stage, identity merges and operators' entry requests.
 */
import { stageEventTypes } from './lib/customer-state.ts';
import { journeyEntryRequestedEvent } from './lib/entry-requests.ts';
import { identitiesMergedEvent } from './lib/identity.ts';
import type { CustomerEventEnvelope } from '../schemas/envelope.ts';
import { routedToJourney, type AnyJourney } from './lib/journey-descriptor.ts';
import { segmentEventTypes } from './lib/segment-trigger.ts';
import { firstOrderAnniversary, signupAnniversary } from './journeys/anniversaries.ts';
import { birthday } from './journeys/birthday.ts';
import { browseAbandonment } from './journeys/browse-abandonment.ts';
import { cartAbandonment } from './journeys/cart-abandonment.ts';
import { oopsApology } from './journeys/oops-apology.ts';
import { rePermission } from './journeys/re-permission.ts';
import { confirmSubscription } from './journeys/confirm-subscription.ts';
import { awarenessCatalog } from './journeys/awareness-catalog.ts';
import { championsLetter } from './journeys/champions-letter.ts';
import { newCustomerBonus } from './journeys/new-customer-bonus.ts';
import { referralReward } from './journeys/referral-reward.ts';
import { referralWelcome } from './journeys/referral-welcome.ts';
import { reviewRequest } from './journeys/review-request.ts';
import { supportRecovery } from './journeys/support-recovery.ts';
import { vipRecognition } from './journeys/vip-recognition.ts';
import { welcome } from './journeys/welcome.ts';
import { winBack } from './journeys/win-back.ts';
import { loyaltyMilestone } from './journeys/loyalty-milestone.ts';
import { loyaltyPointsExpiry } from './journeys/loyalty-points-expiry.ts';
import { loyaltyTierAtRisk } from './journeys/loyalty-tier-at-risk.ts';
import { loyaltyTierUpgrade } from './journeys/loyalty-tier-upgrade.ts';
import { holidayCampaigns } from './campaigns/index.ts';

export const journeyRegistry: readonly AnyJourney[] = [
  cartAbandonment,
  welcome,
  reviewRequest,
  vipRecognition,
  winBack,
  supportRecovery,
  birthday,
  signupAnniversary,
  firstOrderAnniversary,
  oopsApology,
  awarenessCatalog,
  newCustomerBonus,
  championsLetter,
  browseAbandonment,
  rePermission,
  confirmSubscription,
  referralWelcome,
  referralReward,
  loyaltyPointsExpiry,
  loyaltyMilestone,
  loyaltyTierUpgrade,
  loyaltyTierAtRisk,
  // Each holiday campaign is a journey: listed, paused and stopped as one.
  ...holidayCampaigns.map((campaign) => campaign.journey),
];

/** Per journey id, the event types a running journey hears: its exits and what it waits for. */
export const routedByJourney: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  journeyRegistry.map((journey) => [journey.id, routedToJourney(journey)]),
);

export function eventTypesForTemporal(): Set<string> {
  const types = new Set<string>([...stageEventTypes, identitiesMergedEvent, journeyEntryRequestedEvent]);
  for (const journey of journeyRegistry) {
    types.add(journey.trigger.event);
    for (const type of routedByJourney.get(journey.id) ?? []) types.add(type);
  }
  return types;
}

/**
 * Which events the router sends Temporal. A recompute can move thousands of customers in and
 * out of segments; only the segments some journey starts or exits on wake a customer's
 * workflow. A segment event named without a segment id (a hand-written trigger) lets every
 * segment's events through.
 */
export function routedToTemporal(): (event: CustomerEventEnvelope) => boolean {
  const types = eventTypesForTemporal();
  const rules = journeyRegistry.flatMap((journey) => [journey.trigger, ...journey.exitOn]);
  const segments = new Map<string, Set<string> | 'all'>();
  for (const rule of rules) {
    if (!segmentEventTypes.has(rule.event)) continue;
    const known = segments.get(rule.event);
    if (rule.segmentId === undefined || known === 'all') segments.set(rule.event, 'all');
    else segments.set(rule.event, new Set([...(known ?? []), rule.segmentId]));
  }
  return (event) => {
    if (!types.has(event.type)) return false;
    const wanted = segments.get(event.type);
    return wanted === undefined || wanted === 'all' || wanted.has(String(event.payload.segment_id));
  };
}
