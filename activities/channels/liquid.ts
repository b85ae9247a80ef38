/**
 * Message templates are Liquid (Shopify's template language, which marketers already
 * write): `{{ profile.firstName | default: "there" }}`, `{{ trigger.value | money }}`.
 * Templates are parsed once; an unknown filter is an error, a missing variable is empty.
 */
import { Liquid, type Template } from 'liquidjs';
import type { MessageFacts, ViewedProduct } from '../../schemas/journey.ts';
import { Money, formatMoney } from '../../schemas/primitives.ts';
import type { CouponOffer } from '../../services/platform/db/coupons.ts';
import type { CustomerProfile } from '../../services/platform/db/customers.ts';

// Dates print as they are written (UTC), not in the zone of whichever worker renders them: a
// holiday on "2027-05-30" is the 30th on every machine.
const engine = new Liquid({ strictFilters: true, ownPropertyOnly: true, cache: true, timezoneOffset: 0 });

/** `{{ trigger.value | money }}`: integer minor units and a currency, as the catalog stores money. */
engine.registerFilter('money', (value: unknown) => {
  const money = Money.safeParse(value);
  return money.success ? formatMoney(money.data) : '';
});

export interface TemplateData {
  profile: CustomerProfile;
  /** The payload of the event that started the journey. */
  trigger: Record<string, unknown>;
  /** Links the message must carry (unsubscribe…). */
  links?: Record<string, string>;
  /** A coupon the journey offered with this message: `{{ coupon.code }}`, `{{ coupon.discount }}`, `{{ coupon.expiresAt }}`. */
  coupon?: CouponOffer;
  /** Products the message is about (the ones a browsing customer viewed): `{% for product in products %}`. */
  products?: readonly ViewedProduct[];
  /** What the journey knew about the customer for this message (`{{ facts.monthsSinceLastOrder }}`). */
  facts?: MessageFacts;
}

const parsed = new Map<string, Template[]>();

export function renderLiquid(source: string, data: TemplateData): string {
  let template = parsed.get(source);
  if (!template) {
    template = engine.parse(source);
    parsed.set(source, template);
  }
  const context = {
    profile: { ...data.profile.traits, customerId: data.profile.customerId, email: data.profile.email },
    trigger: data.trigger,
    links: data.links ?? {},
    coupon: data.coupon,
    products: data.products ?? [],
    facts: data.facts ?? {},
    // `{{ loyalty.points }}`, `{{ loyalty.tier }}`: as of the send.
    loyalty: data.profile.loyalty ?? { points: 0, tier: null },
  };
  return engine.renderSync(template, context) as string;
}

/** Renders each field of a template (subject, text…), naming the template in any error. */
export function renderFields<T extends Record<string, string>>(
  library: Record<string, T>,
  kind: string,
  name: string,
  data: TemplateData,
): T {
  const fields = library[name];
  if (!fields) throw new Error(`Unknown ${kind} template "${name}" (known: ${Object.keys(library).join(', ')})`);
  return Object.fromEntries(Object.entries(fields).map(([field, source]) => [field, renderLiquid(source, data)])) as T;
}
