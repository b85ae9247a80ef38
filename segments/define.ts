/**
 * Segments as code: a segment is an id, a description and a predicate over what the product
 * knows of a customer (SegmentFacts: order figures, RFM and predicted value, traits,
 * consent). Membership is kept current by the projector on each event that moves a
 * customer's facts and by each recompute (for the segments that move with time alone, such
 * as "not bought in 6 months"); entering and leaving are events in the log.
 */
import type { Channel } from '../schemas/primitives.ts';
import type { RfmGroup } from '../schemas/customer-value.ts';

/** What a segment may ask about a customer. Money in minor units of the shop's currency. */
export interface SegmentFacts {
  customerId: string;
  /** When the segment is evaluated: "in the last 3 months" counts back from here. */
  now: Date;
  shopCurrency: string;
  /** Orders not cancelled. */
  orders: number;
  netRevenue: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** Their first `Signed Up` (the account opened); null for a customer who never signed up. */
  signedUpAt: Date | null;
  /** The customer's largest order, net of refunds. */
  largestOrder: number | null;
  productIds: ReadonlySet<string>;
  /** Codes of the coupons their orders used. */
  couponsUsed: readonly string[];
  /** An order completed within 7 days after an email was sent to them. */
  convertedFromEmail: boolean;
  /** From the last recompute; null until one has scored the customer. */
  rfm: { cell: string; group: RfmGroup; bottom20: boolean } | null;
  purchaseLatencyDays: number | null;
  predictedValue: number | null;
  /** Place in the base by predicted value, 0 (lowest) to 1 (highest). */
  predictedValuePercentile: number | null;
  country: string | null;
  /** Of the postal address. */
  state: string | null;
  postalCode: string | null;
  marketingConsent: readonly Channel[];
  traits: Readonly<Record<string, unknown>>;
  /** Products viewed twice or more in the last 24 hours, with their first view in that time. */
  productsViewedTwice: readonly { productId: string; views: number; firstViewedAt: Date }[];
  /** Their last `Product Added` or `Checkout Started` in the last 24 hours. */
  lastCartedAt: Date | null;
}

export interface SegmentDefinition<Id extends string = string> {
  /** Stable: it is in every `Segment Entered` event and in journeys' triggers. Lowercase, digits and dashes. */
  id: Id;
  description: string;
  /** Pure and quick: it runs for every customer on each recompute. */
  matches(facts: SegmentFacts): boolean;
}

const SEGMENT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function defineSegment<const Id extends string>(definition: SegmentDefinition<Id>): SegmentDefinition<Id> {
  if (!SEGMENT_ID.test(definition.id) || definition.id.length > 100)
    throw new Error(`segment id "${definition.id}" must be lowercase letters, digits and dashes (at most 100)`);
  return definition;
}

/** Refuses a registry with two segments of one id: their events could not be told apart. */
export function checkRegistry<const Segments extends readonly SegmentDefinition[]>(segments: Segments): Segments {
  const seen = new Set<string>();
  for (const { id } of segments) {
    if (seen.has(id)) throw new Error(`two segments have the id "${id}"`);
    seen.add(id);
  }
  return segments;
}

export const DAY_MS = 86_400_000;

/** Days from `then` to the evaluation time. */
export const daysSince = (facts: SegmentFacts, then: Date) => (facts.now.getTime() - then.getTime()) / DAY_MS;
