/**
 * What journeys may know of a customer's value (journey.profile().value): the projection's
 * order figures and the last recompute's RFM reading and predictions. Money in the shop's
 * currency (SHOP_CURRENCY).
 */
import type { Money } from './primitives.ts';

/** The named RFM groups, each a set of (recency, frequency) cells (services/platform/customer-value/rfm.ts). */
export const rfmGroups = [
  'champions',
  'loyal',
  'potential-loyalists',
  'new',
  'promising',
  'need-attention',
  'about-to-sleep',
  'at-risk',
  'cant-lose',
  'hibernating',
  'lost',
] as const;
export type RfmGroup = (typeof rfmGroups)[number];

export interface CustomerValueFacts {
  orders: number;
  netRevenue: Money;
  /** From the last recompute; null until one has scored the customer. */
  rfm: { cell: string; group: RfmGroup; bottom20: boolean } | null;
  /** Days the customer normally takes to buy again (their own, or their cohort's). */
  purchaseLatencyDays: number | null;
  probabilityAlive: number | null;
  /** Over the next 12 months, by the purchase models; null when the models could not be fitted. */
  predictedValue: Money | null;
  potentialValue: Money | null;
}
