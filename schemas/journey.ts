/**
 * What crosses between a journey and the rest of the product: its input and result, what a
 * send did, what it may know about the customer, a coupon it offers. The journey library,
 * the customer workflow, the activities and the database code all speak these types.
 */
import type { Channel, Money } from './primitives.ts';
import type { CustomerEventEnvelope } from './envelope.ts';
import type { CustomerValueFacts } from './customer-value.ts';
import type { SegmentId } from '../segments/index.ts';
import type { DeferReason, SkipReason } from './outcomes.ts';

export type { DeferReason, SkipReason };

// Runs started before journey time moved into the worker (workflows/lib/journey-time.ts)
// carry `settings: { timeScale }` in their input; it is ignored.
export interface JourneyInput {
  customerId: string;
  trigger: CustomerEventEnvelope;
}

/** Which side of a journey's holdout and experiment a customer is on. */
export interface Arm {
  /** Kept out of the journey's messages, for comparison with those who get them. */
  holdout: boolean;
  /** The experiment's variant; null in the holdout or without an experiment. */
  variant: string | null;
}

export type SendOutcome =
  | { status: 'sent'; channel: Channel; step: string; providerMessageId: string; cost?: Money }
  | { status: 'skipped'; channel: Channel; step: string; reason: SkipReason }
  | { status: 'failed'; channel: Channel; step: string; reason: string }
  /** The journey is paused by an operator: nothing recorded, ask again later. */
  | { status: 'held'; channel: Channel; step: string }
  /** A frequency cap or quiet hours: ask again at `until` (ISO time). */
  | { status: 'deferred'; channel: Channel; step: string; reason: DeferReason; until: string }
  /** A mail piece stopped inside its cancellation window (the customer converted first). */
  | { status: 'cancelled'; channel: Channel; step: string };

/** What operators set for a journey: whether customers enter it, and its parameters (workflows/lib/journey-parameters.ts). */
export interface JourneySettings {
  enabled: boolean;
  parameters: Record<string, unknown>;
}

export type JourneyResult =
  { outcome: 'completed'; sends: SendOutcome[]; arm: Arm } | { outcome: 'exited'; reason: string; sends: SendOutcome[]; arm: Arm };

/** What a journey may branch on about a customer, as of the moment it asks. */
export interface ProfileFacts {
  /** Channels the customer allows marketing on, as of now. */
  marketingConsent: Channel[];
  /** Channels we have an address for (email, phone, postal address, a push subscription). */
  reachableOn: Channel[];
  timeZone: string | null;
  country: string | null;
  /** The birthday trait as given: YYYY-MM-DD or --MM-DD. */
  birthday: string | null;
  /** Completed orders, what they came to per currency (minor units) net of refunds, and when the first was (ISO). */
  orders: { count: number; spent: Money[]; firstAt: string | null };
  /** Value and RFM in the shop's currency; null before the customer's first order. */
  value: CustomerValueFacts | null;
  /** The segments the customer is in now (segments/index.ts). */
  segments: SegmentId[];
  /** Abandoned a checkout and then ordered with a discount: offered no discount by cart journeys. */
  abandonedForDiscount: boolean;
}

/** A product a customer looked at, as its latest view described it (browse abandonment's email lists them). */
export interface ViewedProduct {
  productId: string;
  name?: string;
  url?: string;
  imageUrl?: string;
  /** Views in the window asked about. */
  views: number;
}
/**
 * What a consent renewal request may say about the customer (the re-permission journey's
 * offer): null where the data says nothing.
 */
export type RenewalFacts = {
  /** Whole months since their last order that was not cancelled. */
  monthsSinceLastOrder: number | null;
  /** What they bought most, as the shop's order events named it. */
  favouriteCategory: string | null;
  favouriteProduct: string | null;
  /** ISO 3166 code. */
  country: string | null;
};

/**
 * What the journey knows that a message may say (`{{ facts.favouriteCategory }}`): plain
 * values, JSON-safe across Temporal.
 */
export type MessageFacts = Record<string, string | number | null>;

/** A yearly occasion: a date's month and day ('MM-DD', from a birthday), or those of a moment in the customer's zone (a sign-up). */
export type Anniversary = { monthDay: string } | { since: string };

/** A unique single-use code from a coupon pool, offered by a journey step. */
export interface CouponOffer {
  code: string;
  discount: string;
  /** ISO time. */
  expiresAt: string;
}
