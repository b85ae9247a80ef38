/**
 * Every segment the product keeps. A shop adds its own here, for example
 * `boughtProduct({ id: 'bought-espresso-machine', productIds: ['sku-espresso-1'] })` or
 * `livesIn({ id: 'lives-in-paris', country: 'FR', postalCodes: ['75*'] })`. Removing a
 * segment stops it being kept; its members get no `Segment Exited` event.
 */
import { browseAbandoners } from './browsing.ts';
import { checkRegistry } from './define.ts';
import { boughtWithin, convertedFromEmail, newCustomers, notBoughtWithin, spentOverInOneOrder, usedCoupon } from './crm.ts';
import { highValue, lapsed, oneTimeBuyers, repeatBuyers, rfmBottom20, rfmGroupSegments } from './value.ts';

export const segmentRegistry = checkRegistry([
  newCustomers({ days: 90 }),
  boughtWithin({ months: 3 }),
  notBoughtWithin({ months: 6 }),
  convertedFromEmail(),
  spentOverInOneOrder({ amount: 150 }),
  usedCoupon(),
  highValue,
  repeatBuyers,
  oneTimeBuyers,
  lapsed,
  rfmBottom20,
  ...rfmGroupSegments,
  browseAbandoners,
]);

/** A segment the product keeps: journeys' triggers and `profile().segments` are typed by it. */
export type SegmentId = (typeof segmentRegistry)[number]['id'];

export { defineSegment, type SegmentDefinition, type SegmentFacts } from './define.ts';
export {
  boughtProduct,
  boughtWithin,
  convertedFromEmail,
  livesIn,
  newCustomers,
  notBoughtWithin,
  spentOverInOneOrder,
  usedCoupon,
} from './crm.ts';
