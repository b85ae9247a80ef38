/**
 * The CRM practice's segments (../shared/DESIGN.md, "Segments"), each a function of its
 * value: `boughtWithin({ months: 3 })`, `boughtProduct({ id, productIds })`… The registry
 * (index.ts) holds the ones with a natural default; a shop adds its own there.
 */
import { minorUnitDigits } from '../schemas/primitives.ts';
import { defineSegment } from './define.ts';

/** Calendar months back from the evaluation time; 3 months before 31 May is the last day of February. */
export function monthsBefore(now: Date, months: number): Date {
  const then = new Date(now.getTime());
  then.setUTCDate(1);
  then.setUTCMonth(then.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(then.getUTCFullYear(), then.getUTCMonth() + 1, 0)).getUTCDate();
  then.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return then;
}

export const boughtWithin = ({ months }: { months: number }) =>
  defineSegment({
    id: `bought-last-${months}-months`,
    description: `Ordered in the last ${months} months.`,
    matches: (c) => c.lastOrderAt !== null && c.lastOrderAt >= monthsBefore(c.now, months),
  });

/**
 * The welcome series' audience: signed up in the last `days` and not ordered yet. The first
 * order (with the welcome code or without) moves a customer out, as the practice asks.
 */
export const newCustomers = ({ days }: { days: number }) =>
  defineSegment({
    id: 'new-customers',
    description: `Signed up in the last ${days} days, no order yet.`,
    matches: (c) => c.orders === 0 && c.signedUpAt !== null && c.now.getTime() - c.signedUpAt.getTime() <= days * 86_400_000,
  });

export const notBoughtWithin = ({ months }: { months: number }) =>
  defineSegment({
    id: `not-bought-${months}-months`,
    description: `Ordered before, but not in the last ${months} months.`,
    matches: (c) => c.lastOrderAt !== null && c.lastOrderAt < monthsBefore(c.now, months),
  });

export const boughtProduct = <const Id extends string>({
  id,
  productIds,
  description,
}: {
  id: Id;
  productIds: readonly string[];
  description?: string;
}) =>
  defineSegment({
    id,
    description: description ?? `Bought any of: ${productIds.join(', ')}.`,
    matches: (c) => productIds.some((product) => c.productIds.has(product)),
  });

export const convertedFromEmail = () =>
  defineSegment({
    id: 'converted-from-email',
    description: 'Completed an order within 7 days after an email was sent to them.',
    matches: (c) => c.convertedFromEmail,
  });

/** Where the customer lives: a country, and within it states or postal codes (or their prefixes, `75*`). */
export const livesIn = <const Id extends string>(place: {
  id: Id;
  country: string;
  states?: readonly string[];
  postalCodes?: readonly string[];
  description?: string;
}) =>
  defineSegment({
    id: place.id,
    description:
      place.description ?? `Lives in ${[place.states?.join('/'), place.postalCodes?.join('/'), place.country].filter(Boolean).join(', ')}.`,
    matches: (c) =>
      c.country === place.country &&
      (!place.states || (c.state !== null && place.states.includes(c.state))) &&
      (!place.postalCodes || (c.postalCode !== null && place.postalCodes.some((code) => postalCodeMatches(code, c.postalCode!)))),
  });

const postalCodeMatches = (pattern: string, code: string) =>
  pattern.endsWith('*') ? code.startsWith(pattern.slice(0, -1)) : code.replace(/\s/g, '') === pattern.replace(/\s/g, '');

/** `amount` in the shop's currency, major units (150 = 150.00). */
export const spentOverInOneOrder = ({ amount }: { amount: number }) =>
  defineSegment({
    id: `spent-over-${amount}-in-one-order`,
    description: `Spent over ${amount} (shop currency) in one order, net of refunds.`,
    matches: (c) => c.largestOrder !== null && c.largestOrder > amount * 10 ** minorUnitDigits(c.shopCurrency),
  });

/** Any coupon, or one of `codes`. */
export const usedCoupon = <const Id extends string = 'used-coupon'>(options: { id?: Id; codes?: readonly string[] } = {}) =>
  defineSegment({
    id: options.id ?? ('used-coupon' as Id),
    description: options.codes ? `Used one of the coupons ${options.codes.join(', ')}.` : 'Used a coupon on an order.',
    matches: (c) => (options.codes ? c.couponsUsed.some((code) => options.codes!.includes(code)) : c.couponsUsed.length > 0),
  });
