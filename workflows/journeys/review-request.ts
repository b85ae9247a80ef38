/**
 * Review request after delivery: five days to use what arrived, then one request in the
 * early evening of the customer's day, by push where they allow it and have a browser
 * subscribed, by email otherwise. A review, or a refund of that order, ends it. At most one
 * request a month, however many orders arrive.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney, type JourneyContext } from '../lib/journey.ts';

export const reviewRequest = defineJourney({
  id: 'review-request',
  workflowType: 'reviewRequestWorkflow',
  trigger: { event: 'Order Delivered', key: (delivery) => delivery.payload.order_id },
  exitOn: [
    { event: 'Product Reviewed', reason: 'reviewed', matches: () => true },
    { event: 'Order Refunded', reason: 'refunded', matches: (delivery, refund) => refund.payload.order_id === delivery.payload.order_id },
  ],
  waitsFor: [],
  reentry: { cooldown: '30 days' },
});

export async function reviewRequestWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(reviewRequest, input, async (journey) => {
    await journey.sleep('5 days');
    await journey.waitUntilLocalTime('18:30');
    await askForReview(journey);
  });
}

async function askForReview(journey: JourneyContext<'Order Delivered'>) {
  const { marketingConsent, reachableOn } = await journey.profile();
  if (marketingConsent.includes('push') && reachableOn.includes('push')) {
    return journey.send.push({ step: 'review-request', template: 'review-request-push', deliverWithin: '2 days' });
  }
  return journey.send.email({ step: 'review-request', template: 'review-request', deliverWithin: '2 days' });
}
