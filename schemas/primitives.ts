/**
 * Value types shared by the event catalog. Money is integer minor units with a currency
 * (4250 + "EUR" is €42.50), so sums are exact; times are ISO 8601 strings.
 */
import { z } from 'zod';
import { channels } from './channels.ts';

export const Channel = z.enum(channels);
export type Channel = z.infer<typeof Channel>;

export const Purpose = z.enum(['marketing', 'transactional']);
export type Purpose = z.infer<typeof Purpose>;

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');

export const Money = z.object(
  {
    amount: z.number().int('must be an integer amount of minor units (cents)').nonnegative(),
    currency: CurrencyCode,
  },
  { error: 'must be money: { amount: integer minor units, currency: ISO 4217 code }' },
);
export type Money = z.infer<typeof Money>;

// Building an Intl formatter costs more than validating the event it is for (it was a
// quarter of ingest's CPU): each answer is kept. Only valid codes and zones reach the caches.
const minorUnitsByCurrency = new Map<string, number>();

/** How many minor units a currency has (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorUnitDigits(currency: string): number {
  let digits = minorUnitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorUnitsByCurrency.set(currency, digits);
  }
  return digits;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Money as people read it: `{ amount: 4250, currency: 'EUR' }` → "€42.50". */
export function formatMoney({ amount, currency }: Money): string {
  let formatter = formatters.get(currency);
  if (!formatter) formatters.set(currency, (formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency })));
  return formatter.format(amount / 10 ** minorUnitDigits(currency));
}

/** A decimal amount as producers write it (Segment's 42.5) → exact minor units. */
export function moneyFromDecimal(amount: number, currency: string): Money {
  return { amount: Math.round(amount * 10 ** minorUnitDigits(currency)), currency };
}

export const IsoDateTime = z.iso.datetime({ offset: true });

const knownTimeZones = new Set<string>();

export const isTimeZone = (zone: string) => {
  if (knownTimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    knownTimeZones.add(zone);
    return true;
  } catch {
    return false;
  }
};
export const TimeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris');

export const PhoneNumber = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +33612345678');
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as FR');
export const Locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as fr-FR');
/** A birthday with or without the year (`1990-04-23` or `--04-23`, as in vCard). */
export const Birthday = z.string().regex(/^(\d{4}|--)-?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD or --MM-DD');

/** Segment's `address` trait; direct mail needs every field but `state` and `street2`. */
export const PostalAddress = z.object({
  street: z.string().min(1).max(200),
  street2: z.string().max(200).optional(),
  city: z.string().min(1).max(200),
  state: z.string().max(100).optional(),
  postalCode: z.string().min(1).max(20),
  country: CountryCode,
});
export type PostalAddress = z.infer<typeof PostalAddress>;

/** What a direct mail piece is: a 4x6 postcard or a letter in an envelope. */
export type MailKind = 'postcard' | 'letter';

export const Id = z.string().min(1).max(200);
