/**
 * Cart abandonment: a checkout started without an order. First a service-minded reminder
 * ~30 minutes after abandonment (a text for those who allow only texts) (no discount: customers must not learn to abandon for one),
 * a second ~24 hours after, a third 3 days after (each time a parameter the shop may set); a high-value cart also gets a postcard
 * after the second. The third carries a code only in the 'discount' arm of an A/B test. The order ends it at once, mid-wait too, and cancels a postcard that
 * is still inside its cancellation window.
 */
import { patched } from '@temporalio/workflow';
import type { PayloadOf } from '../../schemas/catalog.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney, type JourneyContext } from '../lib/journey.ts';

/** Carts worth a printed postcard (it costs about a dollar), per currency, in minor units. */
const POSTCARD_MIN_CART: Record<string, number> = { USD: 150_00, EUR: 150_00, GBP: 130_00, CAD: 200_00, AUD: 230_00 };

function isHighValueCart({ value }: PayloadOf<'Checkout Started'>): boolean {
  if (!value) return false;
  const threshold = POSTCARD_MIN_CART[value.currency];
  return threshold !== undefined && value.amount >= threshold;
}

/** The ids a checkout may be known by, most specific first: our cart events' cart, then the ids Segment's spec names. */
const checkoutIds = ['cart_id', 'checkout_id', 'order_id'] as const;

/**
 * Whether an order completes this checkout, judged by the first id the checkout names. An
 * order that does not name that id still ends the reminders: better one reminder too few.
 */
function completes(checkout: PayloadOf<'Checkout Started'>, order: PayloadOf<'Order Completed'>): boolean {
  const field = checkoutIds.find((id) => checkout[id] !== undefined);
  return field === undefined || order[field] === undefined || order[field] === checkout[field];
}

export const cartAbandonment = defineJourney({
  id: 'cart-abandonment',
  workflowType: 'cartAbandonmentWorkflow',
  // One run per checkout; a checkout that names no id is its own event.
  trigger: {
    event: 'Checkout Started',
    key: (checkout) => checkoutIds.map((id) => checkout.payload[id]).find(Boolean) ?? checkout.eventId,
  },
  exitOn: [
    {
      event: 'Order Completed',
      reason: 'converted',
      matches: (checkout, order) => completes(checkout.payload, order.payload),
    },
  ],
  waitsFor: [],
  reentry: 'once-per-key',
  // The first reminder is best at 30 minutes: ahead of the rest on a busy queue.
  priority: 'urgent',
  // A discount only as a tested variant (DESIGN.md): half the carts get a code in the third
  // reminder, and the two arms' conversion and revenue say whether it pays.
  experiment: {
    id: 'cart-reminder-3-discount',
    variants: [
      { id: 'no-discount', weight: 1 },
      { id: 'discount', weight: 1 },
    ],
  },
  assignmentAddedAs: 'cart-discount-variant',
  parameters: {
    firstReminderAfterMinutes: { default: 30, about: 'minutes after abandonment (the practice: within the hour, ideally ~30)' },
    secondReminderAfterHours: { default: 24, about: 'hours after abandonment' },
    thirdReminderAfterDays: { default: 3, about: 'days after abandonment (the practice: 3 to 5)' },
    discountPool: { default: 'cart-comeback', about: "the coupon pool of the third reminder's 'discount' variant (no codes: no discount)" },
  },
});

export async function cartAbandonmentWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(cartAbandonment, input, async (journey) => {
    const { firstReminderAfterMinutes, secondReminderAfterHours, thirdReminderAfterDays } = journey.parameters;
    // A cap or quiet hours may delay a reminder; past its deadline it would only be noise.
    await journey.sleepUntilAfterStart(`${firstReminderAfterMinutes} minutes`);
    await firstReminder(journey);

    await journey.sleepUntilAfterStart(`${secondReminderAfterHours} hours`);
    await journey.send.email({ step: 'reminder-2', template: 'cart-reminder-2', deliverWithin: '1 day' });
    if (isHighValueCart(journey.trigger.payload)) {
      await journey.send.directMail({ step: 'postcard', template: 'cart-postcard', deliverWithin: '2 days' });
    }

    await journey.sleepUntilAfterStart(`${thirdReminderAfterDays} days`);
    // Added after release: runs from before send the third reminder without the variant.
    const coupon = patched('cart-discount-variant') ? await discountOffer(journey, journey.parameters.discountPool) : null;
    await journey.send.email({
      step: 'reminder-3',
      template: coupon ? 'cart-reminder-3-coupon' : 'cart-reminder-3',
      deliverWithin: '2 days',
      coupon,
    });
  });
}

/**
 * A code for the 'discount' arm, unless the customer has abandoned before and then ordered
 * with a discount: they are not taught that abandoning pays (DESIGN.md).
 */
async function discountOffer(journey: JourneyContext<'Checkout Started'>, pool: string) {
  if (journey.variant !== 'discount') return null;
  if ((await journey.profile()).abandonedForDiscount) return null;
  return journey.offerCoupon({ step: 'reminder-3-coupon', pool });
}

/**
 * By email; a customer who allows texts but not email gets a text instead. Added after the
 * journey shipped: customers already past this point when it deployed replay the old path
 * (`patched` is false for them), new entries take the new one.
 */
async function firstReminder(journey: JourneyContext<'Checkout Started'>) {
  if (patched('reminder-1-sms-fallback')) {
    const { marketingConsent } = await journey.profile();
    if (!marketingConsent.includes('email') && marketingConsent.includes('sms')) {
      return journey.send.sms({ step: 'reminder-1', template: 'cart-reminder-sms', deliverWithin: '12 hours' });
    }
  }
  return journey.send.email({ step: 'reminder-1', template: 'cart-reminder-1', deliverWithin: '12 hours' });
}
