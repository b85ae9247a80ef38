/**
 * New customer bonus (acquisition): a customer's first order of at least 100 units of its
 * currency earns a postcard two days later with a unique bonus code for the second order.
 * The wait lets the order settle: cancelled, refunded below the threshold, or followed by a
 * second order (the customer came back without being asked), it ends the journey, and a
 * piece still inside its cancellation window is cancelled. A tenth is held out, so the
 * bonus's lift on second orders can be weighed against what the pieces and codes cost.
 */
import type { CustomerEvent } from '../../schemas/envelope.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import type { Money } from '../../schemas/primitives.ts';
import { minorUnitDigits } from '../../schemas/primitives.ts';
import type { Duration } from '../lib/duration.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** Operators fill it: `journeys coupons create new-customer-bonus …`, then `journeys coupons generate`. */
export const NEW_CUSTOMER_BONUS_POOL = 'new-customer-bonus';
/** In units of the order's currency (100 USD, 100 EUR…): an order worth a printed piece and a code. */
export const BONUS_MIN_ORDER = 100;
/**
 * How long the journey stays after mailing, so a cancelled order still stops the piece: the
 * default cancellation window (DIRECT_MAIL_CANCEL_WINDOW); the piece is printed after it.
 */
export const WATCH_AFTER_MAILING: Duration = '1 day';

const minimum = (currency: string) => BONUS_MIN_ORDER * 10 ** minorUnitDigits(currency);
/** The order's total (the figure the order projection counts), if it reaches the threshold. */
const qualifies = (total: Money | undefined): total is Money => !!total && total.amount >= minimum(total.currency);

/** What is left of an order after a refund; nothing after a whole refund (the refund names no `total`). */
const leftAfter = (total: Money | undefined, refunded: Money | undefined): Money | undefined =>
  total && refunded && { ...total, amount: total.amount - refunded.amount };

type Order = CustomerEvent<'Order Completed'>;
const sameOrder = (order: Order, event: { payload: { order_id: string } }) => event.payload.order_id === order.payload.order_id;

export const newCustomerBonus = defineJourney({
  id: 'new-customer-bonus',
  workflowType: 'newCustomerBonusWorkflow',
  // Only orders that qualify start it, once: whether it was the first is known once the profile has it (below).
  trigger: { event: 'Order Completed', key: () => 'once', matches: (order) => qualifies(order.payload.total) },
  exitOn: [
    { event: 'Order Cancelled', reason: 'order-cancelled', matches: sameOrder },
    {
      event: 'Order Refunded',
      reason: 'order-refunded',
      // Refunded whole, or what is left of it no longer qualifies.
      matches: (order, refund) => sameOrder(order, refund) && !qualifies(leftAfter(order.payload.total, refund.payload.total)),
    },
    { event: 'Order Completed', reason: 'ordered-again', matches: (order, next) => !sameOrder(order, next) },
  ],
  waitsFor: [],
  reentry: 'once',
  holdout: 0.1,
  // Every customer history holds orders: those histories replay without this journey.
  addedAs: 'journey-new-customer-bonus',
});

export async function newCustomerBonusWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(newCustomerBonus, input, async (journey) => {
    await journey.sleepUntilAfterStart('2 days');
    // Any order since this one ended the journey, so more than one now means orders before it.
    if ((await journey.profile()).orders.count > 1) journey.leave('not-first-order');
    const coupon = await journey.offerCoupon({ step: 'bonus-coupon', pool: NEW_CUSTOMER_BONUS_POOL });
    await journey.send.directMail({ step: 'bonus-postcard', template: 'new-customer-bonus-postcard', deliverWithin: '3 days', coupon });
    await journey.sleep(WATCH_AFTER_MAILING);
  });
}
