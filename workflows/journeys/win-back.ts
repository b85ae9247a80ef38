/**
 * Win-back at the customer's own purchase latency: every order starts a fresh timer (this
 * journey, keyed by the order) and ends the previous one, so nothing scans the base at
 * night. Once the customer has gone as long as they normally take to buy again: an email
 * with no discount (1× latency, 10:00 their time); at 1.5× an offer with a unique coupon and
 * what is new in the category they last bought; at 2× a postcard, only for customers whose
 * predicted value pays for the piece. The next order ends it. The practice stops marketing
 * at the RFM bottom 20%: those customers are not taken in, and leave when they fall into it.
 * A tenth is held out, so the win-back's lift on orders can be measured.
 */
import type { CustomerValueFacts } from '../../schemas/customer-value.ts';
import type { CouponOffer, JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { minorUnitDigits } from '../../schemas/primitives.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';
import { intoSegment } from '../lib/segment-trigger.ts';

/** Operators fill it: `journeys coupons create win-back …`, then `journeys coupons generate`. */
export const WIN_BACK_POOL = 'win-back';
/** Defaults of the journey's parameters. Before any recompute has measured latency (a new shop): the practice's usual 60 days. */
export const DEFAULT_LATENCY_DAYS = 60;
/** A postcard costs about one unit of the shop's currency; it must be worth 50 of them in a year. */
export const POSTCARD_MIN_PREDICTED_VALUE = 50;
const DELIVER_WITHIN_DAYS = 3;
const DAY_MS = 86_400_000;

export const winBack = defineJourney({
  id: 'win-back',
  workflowType: 'winBackWorkflow',
  trigger: { event: 'Order Completed', key: (order) => order.payload.order_id },
  exitOn: [
    { event: 'Order Completed', reason: 'ordered-again', matches: (last, order) => order.payload.order_id !== last.payload.order_id },
    intoSegment('rfm-bottom-20', 'fell-into-bottom-20'),
  ],
  waitsFor: [],
  reentry: 'once-per-key',
  holdout: 0.1,
  addedAs: 'journey-win-back',
  parameters: {
    defaultLatencyDays: { default: DEFAULT_LATENCY_DAYS, about: 'purchase latency (days) before any recompute measured one', min: 1 },
    postcardMinPredictedValue: {
      default: POSTCARD_MIN_PREDICTED_VALUE,
      about: 'predicted 12-month value (shop currency units) a customer needs for the postcard at 2x latency',
    },
    couponPool: { default: WIN_BACK_POOL, about: 'the coupon pool of the offer at 1.5x latency' },
  },
});

export async function winBackWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(winBack, input, async (journey) => {
    const { value, segments } = await journey.profile();
    if (segments.includes('rfm-bottom-20')) journey.leave('bottom-20');
    const { defaultLatencyDays, postcardMinPredictedValue, couponPool } = journey.parameters;
    const latency = value?.purchaseLatencyDays ?? defaultLatencyDays;
    // From the order, not from now: an order imported from the shop's history (or routed
    // late) is as old as it is. A step already overdue by more than its delivery window is
    // passed over: a long-lapsed customer does not get three messages at once.
    const orderedAt = Date.parse(journey.trigger.occurredAt);
    const at = (multiple: number) => orderedAt + latency * multiple * DAY_MS;
    const stillDue = (multiple: number) => Date.now() <= at(multiple) + DELIVER_WITHIN_DAYS * DAY_MS;
    const waitFor = async (multiple: number) => {
      const days = Math.max(0, (at(multiple) - Date.now()) / DAY_MS);
      if (days > 0) await journey.sleep(`${Math.round(days * 1000) / 1000} days`);
      await journey.waitUntilLocalTime('10:00');
    };

    if (stillDue(1)) {
      await waitFor(1);
      await journey.send.email({ step: 'winback-1', template: 'winback-1', deliverWithin: `${DELIVER_WITHIN_DAYS} days` });
    }
    let coupon: CouponOffer | null = null;
    if (stillDue(1.5)) {
      await waitFor(1.5);
      coupon = await journey.offerCoupon({ step: 'winback-2-coupon', pool: couponPool });
      const template = coupon ? 'winback-2-offer' : 'winback-2';
      await journey.send.email({ step: 'winback-2', template, deliverWithin: `${DELIVER_WITHIN_DAYS} days`, coupon });
    }
    if (stillDue(2)) {
      await waitFor(2);
      // Read again: the nightly recompute may have moved the prediction since the order.
      if (worthAPostcard((await journey.profile()).value, postcardMinPredictedValue)) {
        await journey.send.directMail({
          step: 'winback-postcard',
          template: 'winback-postcard',
          deliverWithin: `${DELIVER_WITHIN_DAYS} days`,
          coupon,
        });
      }
    }
  });
}

function worthAPostcard(value: CustomerValueFacts | null, minPredictedValue: number): boolean {
  const predicted = value?.predictedValue;
  return !!predicted && predicted.amount >= minPredictedValue * 10 ** minorUnitDigits(predicted.currency);
}
