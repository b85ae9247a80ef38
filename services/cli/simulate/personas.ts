/**
 * The shop's customers, as the shop's backend reports them (Segment calls): each simulated
 * customer follows one story, drawn with the weights below, and the calls carry the times
 * the story happened (an imported order a year ago is dated a year ago). Stories are what
 * retention journeys exist for: browsing without buying, carts left, sign-ups, first and
 * repeat orders, deliveries, complaints, birthdays, anniversaries, consent given and taken
 * back, refunds, referrals.
 */
import { placeIn, type Place } from './places.ts';

export interface SegmentCall {
  type: 'identify' | 'track';
  userId: string;
  timestamp: string;
  event?: string;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

export interface StoryContext {
  userId: string;
  random: () => number;
  /** Real time now: the simulation's "today". */
  now: number;
  place: Place;
  currency: string;
}

const DAY = 86_400_000;
const catalog = [
  { product_id: 'teapot-cast-iron', name: 'Cast-iron teapot', category: 'Tea', price: 64 },
  { product_id: 'sencha-100g', name: 'Sencha, 100 g', category: 'Tea', price: 14 },
  { product_id: 'cups-set-4', name: 'Porcelain cups, set of 4', category: 'Tableware', price: 38 },
  { product_id: 'kettle-gooseneck', name: 'Gooseneck kettle', category: 'Kitchen', price: 89 },
  { product_id: 'tray-oak', name: 'Oak serving tray', category: 'Tableware', price: 45 },
];

function story(context: StoryContext) {
  const { userId, now, place, random, currency } = context;
  const calls: SegmentCall[] = [];
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const name = pick(['Ada', 'Ben', 'Cleo', 'Dana', 'Eli', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jun']);
  return {
    calls,
    identify(daysAgo = 0, traits: Record<string, unknown> = {}) {
      const profile = {
        email: `${userId}@example.com`,
        firstName: name,
        lastName: 'Sim',
        timezone: place.timezone,
        country: place.country,
      };
      calls.push({ type: 'identify', userId, timestamp: at(daysAgo), traits: { ...profile, ...traits } });
    },
    track(event: string, properties: Record<string, unknown> = {}, daysAgo = 0) {
      calls.push({ type: 'track', userId, event, properties, timestamp: at(daysAgo) });
    },
    consent(channel: 'email' | 'sms' | 'direct_mail', daysAgo = 0) {
      this.track('Consent Granted', { channel, purpose: 'marketing', source: 'simulation' }, daysAgo);
    },
    product: () => pick(catalog),
    order(orderId: string, daysAgo: number, total?: number) {
      const items = [pick(catalog), ...(random() < 0.4 ? [pick(catalog)] : [])];
      const sum = total ?? items.reduce((value, item) => value + item.price, 0);
      this.track('Order Completed', { order_id: orderId, total: sum, currency, products: items }, daysAgo);
    },
  };
}

/** One customer's story: the calls, oldest first. */
export type Story = (context: StoryContext) => SegmentCall[];

export const stories = {
  /** Looks at the same product twice today, adds nothing (browse abandonment). */
  browser(context) {
    const s = story(context);
    s.identify(3);
    s.consent('email', 3);
    const product = s.product();
    s.track('Product Viewed', product, 0.3);
    s.track('Product Viewed', product, 0.05);
    return s.calls;
  },
  /** Starts a checkout and leaves; a third come back and order (cart abandonment, its exit). */
  cartAbandoner(context) {
    const s = story(context);
    s.identify(1);
    s.consent('email', 1);
    const cart = `${context.userId}-cart`;
    const product = s.product();
    s.track('Product Added', { ...product, cart_id: cart }, 0.02);
    s.track('Checkout Started', { cart_id: cart, value: product.price, currency: context.currency, products: [product] }, 0.01);
    if (context.random() < 0.33) s.order(`${context.userId}-order`, 0);
    return s.calls;
  },
  /** Opens an account today (welcome series; the sign-up anniversary starts counting). */
  signUp(context) {
    const s = story(context);
    s.identify(0);
    s.consent('email', 0);
    s.track('Signed Up', { method: 'email' }, 0);
    return s.calls;
  },
  /** A prospect with a postal address who subscribes to mail (the awareness catalog). */
  mailSubscriber(context) {
    const s = story(context);
    s.identify(0, { address: context.place.address });
    s.consent('direct_mail', 0);
    return s.calls;
  },
  /** A first order over 100 from someone who allows post (the new-customer bonus postcard). */
  bigFirstOrder(context) {
    const s = story(context);
    s.identify(0, { address: context.place.address });
    s.consent('email', 0);
    s.consent('direct_mail', 0);
    s.order(`${context.userId}-first`, 0, 150);
    return s.calls;
  },
  /** An order delivered today (the review request, five days later). */
  delivered(context) {
    const s = story(context);
    s.identify(4);
    s.consent('email', 4);
    s.order(`${context.userId}-order`, 3);
    s.track('Order Delivered', { order_id: `${context.userId}-order` }, 0);
    return s.calls;
  },
  /** A complaint about a recent order (support recovery). */
  complainer(context) {
    const s = story(context);
    s.identify(20);
    s.consent('email', 20);
    s.order(`${context.userId}-order`, 14);
    const severity = (['low', 'medium', 'high'] as const)[Math.floor(context.random() * 3)];
    s.track('Complaint Filed', { complaint_id: `${context.userId}-complaint`, order_id: `${context.userId}-order`, severity }, 0);
    return s.calls;
  },
  /** A birthday tomorrow, in their zone (the birthday email at 09:00). */
  birthday(context) {
    const s = story(context);
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: context.place.timezone }).format(new Date(context.now + DAY));
    s.identify(40, { birthday: `--${tomorrow.slice(5)}` });
    s.consent('email', 40);
    return s.calls;
  },
  /**
   * Signed up a year ago tomorrow (the sign-up anniversary): 364 days ago, so the day is
   * tomorrow in every zone. Half a day less put it on today's date where the morning is
   * under way (Tokyo, Sydney), its 09:00 already past: next year's.
   */
  signedUpLastYear(context) {
    const s = story(context);
    s.identify(364.5);
    s.consent('email', 364.5);
    s.track('Signed Up', { method: 'email' }, 364);
    return s.calls;
  },
  /** Ordered for the first time a year ago tomorrow, and again since (the first order's anniversary). */
  firstOrderLastYear(context) {
    const s = story(context);
    s.identify(365);
    s.consent('email', 365);
    s.order(`${context.userId}-first`, 364);
    s.order(`${context.userId}-second`, 120);
    return s.calls;
  },
  /** One order 59.5 days ago and none since: past the shop's usual 60-day latency tomorrow (win-back). */
  lapsing(context) {
    const s = story(context);
    s.identify(70);
    s.consent('email', 70);
    s.order(`${context.userId}-order`, 59.5);
    return s.calls;
  },
  /** A regular over the past year, some with an address and post allowed; some refund one order (RFM, VIP, champions). */
  regular(context) {
    const s = story(context);
    const orders = 3 + Math.floor(context.random() * 8);
    // Half gave a postal address and allow post (loyalty letters, postcards).
    const byPost = context.random() < 0.5;
    s.identify(400, byPost ? { address: context.place.address } : {});
    s.consent('email', 400);
    if (byPost) s.consent('direct_mail', 400);
    // From a year ago to the last few weeks: the most frequent and recent are the shop's champions.
    const last = 3 + context.random() * 40;
    for (let k = 0; k < orders; k += 1)
      s.order(`${context.userId}-${k}`, 360 - (k * (360 - last)) / (orders - 1), 40 + Math.round(context.random() * 160));
    if (context.random() < 0.1) s.track('Order Refunded', { order_id: `${context.userId}-0` }, 300);
    return s.calls;
  },
  /** Gave email consent almost two years ago: it lapses in a month, so they are asked to renew (re-permission). */
  consentLapsing(context) {
    const s = story(context);
    s.identify(700);
    s.consent('email', 699);
    // A customer worth keeping (not the RFM bottom 20%, whom marketing leaves alone).
    for (const [k, daysAgo] of [600, 320, 150, 40].entries()) s.order(`${context.userId}-${k}`, daysAgo, 60 + k * 20);
    return s.calls;
  },
  /** Gave email consent, then took it back: journeys skip them (no consent), nothing is sent. */
  unsubscriber(context) {
    const s = story(context);
    s.identify(30);
    s.consent('email', 30);
    s.order(`${context.userId}-order`, 20);
    s.track('Consent Revoked', { channel: 'email', purpose: 'marketing' }, 0.5);
    const product = s.product();
    s.track('Product Viewed', product, 0.2);
    s.track('Product Viewed', product, 0.1);
    return s.calls;
  },
  /**
   * A customer who invited a friend two days ago; the friend signed up through the link
   * yesterday and ordered today (the referral program: the friend's welcome incentive, then
   * the referrer's reward for a successful referral).
   */
  referrer(context) {
    const s = story(context);
    s.identify(200);
    s.consent('email', 200);
    s.order(`${context.userId}-order`, 150);
    const referralId = `${context.userId}-referral`;
    s.track('Referral Sent', { referral_id: referralId, channel: 'email' }, 2);
    // The friend is a customer of their own, with their own email (the fraud checks compare them).
    const friend = story({ ...context, userId: `${context.userId}-friend` });
    friend.identify(1);
    friend.consent('email', 1);
    friend.track('Signed Up', { method: 'email' }, 1);
    friend.track('Referral Accepted', { referral_id: referralId, referrer_id: context.userId }, 1);
    friend.order(`${context.userId}-friend-order`, 0.05, 45);
    return [...s.calls, ...friend.calls];
  },
  /**
   * Subscribes to the newsletter today in Germany, whatever the time there: double opt-in
   * (DOUBLE_OPT_IN_COUNTRIES) holds the subscription until they click (confirm-subscription).
   */
  newsletterInGermany(context) {
    const s = story({ ...context, place: placeIn('DE') });
    s.identify(0.5);
    s.consent('email', 0.4);
    return s.calls;
  },
  /**
   * A loyalty member whose points from a big order 334.5 days ago expire in a month (the
   * 30-day reminder, by post too for their balance), whose tier runs out then (tier at risk),
   * and who passed the first milestone and reached a tier with that order.
   */
  loyaltyMember(context) {
    const s = story(context);
    s.identify(340, { address: context.place.address });
    s.consent('email', 340);
    s.consent('direct_mail', 340);
    s.order(`${context.userId}-order`, 334.5, 1200);
    return s.calls;
  },
} satisfies Record<string, Story>;

export type StoryName = keyof typeof stories;

/** How often each story happens among the shop's customers. */
export const storyWeights: Record<StoryName, number> = {
  regular: 30,
  browser: 12,
  cartAbandoner: 12,
  signUp: 8,
  delivered: 8,
  lapsing: 6,
  bigFirstOrder: 5,
  mailSubscriber: 4,
  complainer: 4,
  birthday: 4,
  signedUpLastYear: 3,
  firstOrderLastYear: 3,
  consentLapsing: 3,
  unsubscriber: 3,
  newsletterInGermany: 2,
  loyaltyMember: 3,
  referrer: 3,
};
