/**
 * The canonical customer events, named as in Segment's e-commerce spec where it has a name.
 * Each event is defined once: its name, version and payload schema are one value.
 */
import { z } from 'zod';

function defineEvent<const Name extends string, Payload extends z.ZodType>(name: Name, version: number, payload: Payload) {
  return { name, version, payload } as const;
}

const Channel = z.enum(['email', 'sms', 'push', 'direct_mail']);
export type Channel = z.infer<typeof Channel>;
const Purpose = z.enum(['marketing', 'transactional']);
export type Purpose = z.infer<typeof Purpose>;

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const ProfileTraits = z
  .object({
    email: z.email().optional(),
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris').optional(),
    firstName: z.string().max(200).optional(),
    lastName: z.string().max(200).optional(),
  })
  .loose();
export type ProfileTraits = z.infer<typeof ProfileTraits>;

const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');

export const Identify = defineEvent('Identify', 1, ProfileTraits);

export const CheckoutStarted = defineEvent(
  'Checkout Started',
  1,
  z
    .object({
      cart_id: z.string().min(1),
      value: z.number().nonnegative(),
      currency: currency.optional(),
    })
    .loose(),
);

export const OrderCompleted = defineEvent(
  'Order Completed',
  1,
  z
    .object({
      order_id: z.string().min(1),
      cart_id: z.string().min(1).optional(),
      total: z.number().nonnegative().optional(),
      currency: currency.optional(),
    })
    .loose(),
);

const ConsentChange = z.object({
  channel: Channel,
  purpose: Purpose,
  source: z.string().max(200).optional(),
});
export const ConsentGranted = defineEvent('Consent Granted', 1, ConsentChange);
export const ConsentRevoked = defineEvent('Consent Revoked', 1, ConsentChange);

/** Events whose payload we know and validate; any other track event is accepted as-is. */
export const knownEvents = {
  [Identify.name]: Identify,
  [CheckoutStarted.name]: CheckoutStarted,
  [OrderCompleted.name]: OrderCompleted,
  [ConsentGranted.name]: ConsentGranted,
  [ConsentRevoked.name]: ConsentRevoked,
} as const;

export type KnownEventName = keyof typeof knownEvents;
export type PayloadOf<Name extends KnownEventName> = z.infer<(typeof knownEvents)[Name]['payload']>;

export function isKnownEvent(name: string): name is KnownEventName {
  return Object.hasOwn(knownEvents, name);
}
