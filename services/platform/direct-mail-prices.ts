/**
 * What a mail piece costs, per kind, as configured from the print provider's price list
 * (Lob's API does not return prices): recorded per piece in the ledger for cost accounting.
 */
import { CurrencyCode, moneyFromDecimal, type Money } from '../../schemas/primitives.ts';
import type { MailKind } from '../../schemas/primitives.ts';

export type MailPrices = Record<MailKind, Money>;

/** "postcard:0.87 USD,letter:1.27 USD" → prices; throws naming each bad item or missing kind. */
export function parseMailPrices(text: string): MailPrices {
  const problems: string[] = [];
  const prices: Partial<MailPrices> = {};
  for (const item of text.split(',').map((part) => part.trim())) {
    const match = /^(postcard|letter):(\d+(?:\.\d+)?) ([A-Z]{3})$/.exec(item);
    if (!match || !CurrencyCode.safeParse(match[3]).success) {
      problems.push(`"${item}" must be <postcard|letter>:<price> <currency> such as postcard:0.87 USD`);
      continue;
    }
    prices[match[1] as MailKind] = moneyFromDecimal(Number(match[2]), match[3]!);
  }
  for (const kind of ['postcard', 'letter'] as const) if (!prices[kind] && problems.length === 0) problems.push(`no price for ${kind}`);
  if (problems.length > 0) throw new Error(`mail prices: ${problems.join('; ')}`);
  return prices as MailPrices;
}
