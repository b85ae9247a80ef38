/**
 * The catalog of canonical customer events. A producer may send any event type; the types
 * listed here have a schema, and their payloads are validated at every edge (HTTP, Kafka).
 * Adding an event or a payload version bumps CATALOG_VERSION; `npm run schemas:generate`
 * then regenerates the JSON Schemas in schemas/json/ for producers in other languages.
 */
import * as campaigns from './events/campaigns.ts';
import * as commerce from './events/commerce.ts';
import * as consentLifecycle from './events/consent-lifecycle.ts';
import * as engagement from './events/engagement.ts';
import * as loyalty from './events/loyalty.ts';
import * as loyaltyProgram from './events/loyalty-program.ts';
import * as operations from './events/operations.ts';
import * as profile from './events/profile.ts';
import * as referrals from './events/referrals.ts';
import * as segments from './events/segments.ts';
import type { z } from 'zod';

export const CATALOG_VERSION = 12;

const definitions = [
  profile.Identify,
  profile.SignedUp,
  profile.ConsentGranted,
  profile.ConsentRevoked,
  profile.PushSubscriptionRegistered,
  profile.PushSubscriptionExpired,
  profile.PageViewed,
  profile.ScreenViewed,
  profile.Group,
  profile.Alias,
  profile.IdentitiesMerged,
  commerce.ProductViewed,
  commerce.ProductAdded,
  commerce.ProductRemoved,
  commerce.CartViewed,
  commerce.CheckoutStarted,
  commerce.CheckoutStepCompleted,
  commerce.OrderCompleted,
  commerce.OrderUpdated,
  commerce.OrderCancelled,
  commerce.OrderRefunded,
  commerce.OrderDelivered,
  commerce.CouponApplied,
  commerce.CouponRedeemed,
  commerce.ProductReviewed,
  loyalty.ComplaintFiled,
  loyalty.ReferralSent,
  loyalty.ReferralAccepted,
  loyalty.LoyaltyPointsEarned,
  loyalty.LoyaltyPointsRedeemed,
  segments.SegmentEntered,
  segments.SegmentExited,
  operations.ApologyRequested,
  operations.JourneyEntryRequested,
  consentLifecycle.ConsentExpired,
  consentLifecycle.ConsentConfirmed,
  campaigns.CampaignWindowOpened,
  referrals.ReferralRewarded,
  loyaltyProgram.LoyaltyTierChanged,
  loyaltyProgram.LoyaltyMilestoneReached,
  loyaltyProgram.LoyaltyTierReviewDue,
  engagement.MessageClicked,
  engagement.MessageOpened,
] as const;

type Definition = (typeof definitions)[number];
export type KnownEventName = Definition['name'];
type DefinitionOf<Name extends KnownEventName> = Extract<Definition, { name: Name }>;
/**
 * The fields the catalog declares for an event. Payloads may carry more (producers add
 * their own; templates can show them), but code reads only declared fields, so a misspelt
 * or unknown field fails the type check instead of reading undefined.
 */
export type PayloadOf<Name extends KnownEventName> = DeclaredFields<z.infer<DefinitionOf<Name>['payload']>>;
type DeclaredFields<T> = { [Key in keyof T as string extends Key ? never : Key]: T[Key] };

export const knownEvents = Object.fromEntries(definitions.map((definition) => [definition.name, definition])) as {
  [Name in KnownEventName]: DefinitionOf<Name>;
};

export function isKnownEvent(name: string): name is KnownEventName {
  return Object.hasOwn(knownEvents, name);
}
