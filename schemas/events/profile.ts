/**
 * Who the customer is and what they allow: profile traits (Segment's identify), sign-up,
 * consent per channel and purpose, push subscriptions, and page views.
 */
import { z } from 'zod';
import { Birthday, Channel, CountryCode, Id, IsoDateTime, Locale, PhoneNumber, PostalAddress, Purpose, TimeZone } from '../primitives.ts';
import { defineEvent } from './define.ts';

/** Segment's reserved traits that journeys use; other traits are kept as given. */
export const ProfileTraits = z
  .object({
    email: z.email().optional(),
    phone: PhoneNumber.optional(),
    firstName: z.string().max(200).optional(),
    lastName: z.string().max(200).optional(),
    address: PostalAddress.optional(),
    country: CountryCode.optional(),
    locale: Locale.optional(),
    timezone: TimeZone.optional(),
    birthday: Birthday.optional(),
  })
  .loose();
export type ProfileTraits = z.infer<typeof ProfileTraits>;

export const Identify = defineEvent('Identify', 1, ProfileTraits);
export const SignedUp = defineEvent('Signed Up', 1, z.object({ method: z.string().max(100).optional() }).loose());

const ConsentChange = z.object({
  channel: Channel,
  purpose: Purpose,
  /** Where the customer said it: checkout box, preference centre, unsubscribe link, STOP… */
  source: z.string().max(200).optional(),
});
export const ConsentGranted = defineEvent(
  'Consent Granted',
  1,
  ConsentChange.extend({
    /**
     * When the customer confirmed this email subscription through the shop's own double
     * opt-in (a subscriber imported from another system, Shopify's `confirmed_opt_in`): no
     * second confirmation is asked for, whatever DOUBLE_OPT_IN_COUNTRIES says.
     */
    confirmed_at: IsoDateTime.optional(),
  }),
);
export const ConsentRevoked = defineEvent('Consent Revoked', 1, ConsentChange);

/** Where and how to push to one browser: what its PushSubscription.toJSON() gave the shop. */
export const PushSubscription = z.object({
  endpoint: z.url(),
  keys: z.object({ p256dh: z.string().min(1), auth: z.string().min(1) }),
});
export type PushSubscription = z.infer<typeof PushSubscription>;

/** A browser's Web Push subscription (PushSubscription.toJSON()). */
export const PushSubscriptionRegistered = defineEvent(
  'Push Subscription Registered',
  1,
  PushSubscription.extend({ expirationTime: z.number().int().nullable().optional() }),
);

/**
 * The push service answered 404 or 410 for this subscription: it expired, or the customer
 * revoked the permission. Our push sender writes it; the projector removes the subscription.
 */
export const PushSubscriptionExpired = defineEvent(
  'Push Subscription Expired',
  1,
  z.object({ endpoint: z.url(), status: z.union([z.literal(404), z.literal(410)]) }),
);

/** Segment's page call. */
export const PageViewed = defineEvent(
  'Page Viewed',
  1,
  z
    .object({
      name: z.string().max(500).optional(),
      url: z.string().max(2000).optional(),
      path: z.string().max(2000).optional(),
      referrer: z.string().max(2000).optional(),
    })
    .loose(),
);
/** Segment's screen call (mobile apps): a screen of the app was shown. */
export const ScreenViewed = defineEvent('Screen Viewed', 1, z.object({ name: z.string().max(500).optional() }).loose());

/**
 * Segment's group call: the customer belongs to an account (a company, a household). Its
 * traits become the customer's account traits (`{{ profile.account.name }}` in templates).
 */
export const Group = defineEvent('Group', 1, z.object({ group_id: Id, traits: z.record(z.string(), z.unknown()).optional() }));

/**
 * Segment's alias call, as the producer made it: `previous_id` (an anonymous id or an
 * earlier user id) is the same person as the customer. The merge itself is the
 * `Identities Merged` event that ingest writes beside it.
 */
export const Alias = defineEvent('Alias', 1, z.object({ previous_id: Id }));

/**
 * From now on `merged_customer_id` is this customer: an anonymous visitor who logged in
 * (Segment's identify with both ids), or an id given up by an alias call. Its events,
 * profile, consent, orders and running journeys join this customer's; later events under
 * the merged id go to this customer too. An id merges once: a second merge of the same id
 * into someone else (a shared device) is ignored. Ingest writes it; a producer writing to
 * Kafka directly writes it itself, keyed by this customer's id.
 */
export const IdentitiesMerged = defineEvent('Identities Merged', 1, z.object({ merged_customer_id: Id }));
