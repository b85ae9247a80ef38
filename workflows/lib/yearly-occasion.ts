/**
 * A yearly occasion (a birthday, an anniversary) as a durable loop: each year, at 09:00 on
 * the day in the customer's own zone, an email with a unique coupon; for a high-value
 * customer with a postal address, a postcard mailed early enough to arrive on the day. The
 * run sleeps between occasions on a timer; nothing scans the customer base at night.
 * Step names carry the year, so each year's message is its own ledger entry.
 */
import type { Anniversary, CouponOffer } from '../../schemas/journey.ts';
import type { JourneyContext } from './journey-context.ts';

const DAY_MS = 86_400_000;
const AT = '09:00';

export type OccasionName = 'birthday' | 'signup-anniversary' | 'first-order-anniversary';

export interface YearlyOccasion {
  /** Steps are `<name>-<year>`, its coupon `<name>-coupon-<year>`; the email template is `<name>`. */
  name: OccasionName;
  of: Anniversary;
  couponPool: string;
  /** The birthday postcard: mailed this many days ahead (the post takes 3–5 working days). */
  postcard?: { template: 'birthday-postcard'; leadDays: number };
  /** Asked before each year's messages: a reason ends the journey there (the birthday changed). */
  reasonToLeave?: () => Promise<string | null>;
}

type Journey = Pick<JourneyContext, 'nextAnniversary' | 'waitUntil' | 'profile' | 'offerCoupon' | 'send' | 'leave'>;

export async function celebrateEveryYear(journey: Journey, occasion: YearlyOccasion): Promise<never> {
  const { name } = occasion;
  const stayOrLeave = async () => {
    const reason = await occasion.reasonToLeave?.();
    if (reason) journey.leave(reason);
  };
  // The last occasion waited for: the next is after it (in a scaled run the clock lags it).
  let after = Date.now();
  for (;;) {
    const { at, year } = await journey.nextAnniversary(occasion.of, AT, after);
    after = at;
    const offer = () => journey.offerCoupon({ step: `${name}-coupon-${year}`, pool: occasion.couponPool });
    let coupon: CouponOffer | null = null;
    const mailAt = occasion.postcard && at - occasion.postcard.leadDays * DAY_MS;
    // Entered too close to the day for the post to make it: that year gets the email alone.
    if (occasion.postcard && mailAt !== undefined && Date.now() < mailAt) {
      await journey.waitUntil(mailAt);
      await stayOrLeave();
      const { segments, reachableOn } = await journey.profile();
      if (segments.includes('high-value') && reachableOn.includes('direct_mail')) {
        coupon = await offer();
        await journey.send.directMail({
          step: `${name}-postcard-${year}`,
          template: occasion.postcard.template,
          deliverWithin: '2 days',
          coupon,
        });
      }
    }
    await journey.waitUntil(at);
    await stayOrLeave();
    coupon ??= await offer();
    // The same code as the postcard's: one present, on paper and by email.
    await journey.send.email({ step: `${name}-${year}`, template: name, deliverWithin: '1 day', coupon });
  }
}
