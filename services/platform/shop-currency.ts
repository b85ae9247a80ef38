/**
 * The shop's base currency and what other currencies are worth in it: customer value is
 * summed in one currency (`SHOP_CURRENCY`, `CURRENCY_RATES="EUR:1.08,GBP:1.27"`: one unit of
 * each in the shop's currency). The event store keeps every amount as it was paid.
 */
import { CurrencyCode, minorUnitDigits } from '../../schemas/primitives.ts';

export interface ShopCurrency {
  code: string;
  /** Units of the shop's currency per unit of another (the shop's own is 1). */
  rates: Readonly<Record<string, number>>;
}

export function parseCurrencyRates(text: string): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [code, rate] = entry.split(':').map((part) => part.trim());
    if (!code || !CurrencyCode.safeParse(code).success) throw new Error(`"${entry}": ${code ?? ''} is not an ISO 4217 code such as EUR`);
    const value = Number(rate);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`"${entry}": the rate must be a positive number, e.g. EUR:1.08`);
    rates[code] = value;
  }
  return rates;
}

/**
 * Per currency, shop minor units per minor unit of it: what one cent (or yen) is worth in
 * the shop's cents, so that amounts in minor units convert by one multiplication.
 */
export function minorUnitRates(shop: ShopCurrency): { currency: string; rate: number }[] {
  const shopDigits = minorUnitDigits(shop.code);
  return Object.entries({ ...shop.rates, [shop.code]: 1 }).map(([currency, rate]) => ({
    currency,
    rate: (rate * 10 ** shopDigits) / 10 ** minorUnitDigits(currency),
  }));
}
