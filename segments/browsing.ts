/**
 * Browsing segments, from the last day's events: a customer who looked at a product twice
 * or more without adding anything to the cart since is interested and hesitating.
 */
import { defineSegment } from './define.ts';

/**
 * Viewed a product twice or more in the last 24 hours, added nothing to a cart since the
 * first of those views, and can be emailed about it (marketing consent on email): the
 * browse-abandonment journey's audience. Anonymous visitors, who cannot be emailed, stay out.
 */
export const browseAbandoners = defineSegment({
  id: 'browse-abandoners',
  description: 'Viewed a product twice or more in the last day without adding to cart; allows marketing email.',
  matches: (c) =>
    c.marketingConsent.includes('email') &&
    c.productsViewedTwice.some((viewed) => c.lastCartedAt === null || c.lastCartedAt < viewed.firstViewedAt),
});
