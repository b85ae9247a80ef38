/**
 * Browse abandonment: a customer who viewed a product twice or more within a day without
 * adding anything to the cart (the `browse-abandoners` segment) gets one email 4 hours later
 * listing what they looked at, with no discount. Adding to the cart, checking out or
 * ordering first ends it; a customer in a cart journey is left to that journey; at most
 * once per 7 days. A tenth is held out, so its lift on orders can be measured.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';
import { enteredSegment } from '../lib/segment-trigger.ts';

export const browseAbandonment = defineJourney({
  id: 'browse-abandonment',
  workflowType: 'browseAbandonmentWorkflow',
  trigger: enteredSegment('browse-abandoners'),
  exitOn: [
    { event: 'Product Added', reason: 'added-to-cart', matches: () => true },
    { event: 'Checkout Started', reason: 'checked-out', matches: () => true },
    { event: 'Order Completed', reason: 'ordered', matches: () => true },
  ],
  waitsFor: [],
  reentry: { cooldown: '7 days' },
  holdout: 0.1,
  notWhileIn: ['cart-abandonment'],
  parameters: {
    emailAfterHours: { default: 4, about: 'hours after the second view' },
  },
});

export async function browseAbandonmentWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(browseAbandonment, input, async (journey) => {
    await journey.sleepUntilAfterStart(`${journey.parameters.emailAfterHours} hours`);
    // What they viewed twice in the day before the email (the entry's products and any since).
    const products = await journey.viewedProducts({ within: '1 day', minViews: 2 });
    if (products.length === 0) journey.leave('nothing-viewed-twice');
    await journey.send.email({ step: 'browse-reminder', template: 'browse-abandonment', deliverWithin: '12 hours', products });
  });
}
