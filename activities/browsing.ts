/**
 * What a customer looked at, from the event store: the browse-abandonment email lists the
 * products viewed, as their latest view described them (name, link, picture).
 */
import { customerIdNow } from '../services/platform/db/customers.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { ViewedProduct } from '../schemas/journey.ts';

/** An email lists a few products, not a browsing history. */
const MOST = 3;

export function createBrowsingActivities(deps: { db: Db }) {
  return {
    /** Products viewed at least `minViews` times since `since` (ISO), most viewed first, at most 3. */
    async readViewedProducts(request: { customerId: string; since: string; minViews: number }): Promise<ViewedProduct[]> {
      const customerId = await customerIdNow(deps.db, request.customerId);
      const { rows } = await deps.db.query<{ product_id: string; views: number; latest: Record<string, unknown> }>(
        `select payload->>'product_id' as product_id, count(*)::int as views,
           (array_agg(payload order by occurred_at desc))[1] as latest
         from events where customer_id = $1 and type = 'Product Viewed' and occurred_at >= $2
         group by payload->>'product_id' having count(*) >= $3
         order by views desc, max(occurred_at) desc limit $4`,
        [customerId, request.since, request.minViews, MOST],
      );
      return rows.map(({ product_id, views, latest }) => ({
        productId: product_id,
        views,
        ...(typeof latest.name === 'string' ? { name: latest.name } : {}),
        ...(typeof latest.url === 'string' ? { url: latest.url } : {}),
        ...(typeof latest.image_url === 'string' ? { imageUrl: latest.image_url } : {}),
      }));
    },
  };
}
