/** What a customer viewed, read from the real event store as the browse-abandonment email lists it. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../services/platform/config.ts';
import { migrate } from '../services/platform/db/migrate.ts';
import { createDb } from '../services/platform/db/pool.ts';
import { customerEvent, project, uniqueId } from '../test/support/fixtures.ts';
import { createBrowsingActivities } from './browsing.ts';

const db = createDb(loadConfig().databaseUrl);
const { readViewedProducts } = createBrowsingActivities({ db });

before(() => migrate(db));
after(() => db.end());

describe('viewed products', () => {
  it('lists products viewed often enough in the window, most viewed first, as the latest view named them, three at most', async () => {
    const customerId = uniqueId('browser');
    const view = (productId: string, when: string, extra: Record<string, unknown> = {}) => ({
      ...customerEvent(customerId, 'Product Viewed', { product_id: productId, ...extra }),
      occurredAt: when,
    });
    await project(
      db,
      view('teapot', '2026-05-01T08:00:00Z', { name: 'Teapot (old name)' }),
      view('teapot', '2026-05-01T09:00:00Z'),
      view('teapot', '2026-05-01T10:00:00Z', { name: 'Cast-iron teapot', url: 'https://shop.example/teapot' }),
      view('cups', '2026-05-01T09:30:00Z', { name: 'Cups' }),
      view('cups', '2026-05-01T09:40:00Z', { name: 'Cups' }),
      view('kettle', '2026-05-01T09:50:00Z'),
      view('tray', '2026-04-29T09:00:00Z'),
      view('tray', '2026-04-29T10:00:00Z'),
      // Two views each, the same count as cups: the more recently viewed one comes first.
      view('spoon-a', '2026-05-01T07:00:00Z'),
      view('spoon-a', '2026-05-01T07:10:00Z'),
      view('spoon-b', '2026-05-01T07:20:00Z'),
      view('spoon-b', '2026-05-01T07:30:00Z'),
    );
    const products = await readViewedProducts({ customerId, since: '2026-04-30T11:00:00Z', minViews: 2 });
    assert.deepEqual(products, [
      { productId: 'teapot', views: 3, name: 'Cast-iron teapot', url: 'https://shop.example/teapot' },
      { productId: 'cups', views: 2, name: 'Cups' },
      { productId: 'spoon-b', views: 2 },
    ]);
    assert.deepEqual(
      (await readViewedProducts({ customerId, since: '2026-05-01T09:45:00Z', minViews: 1 })).map((product) => product.productId),
      ['teapot', 'kettle'],
      'only views since then count',
    );
  });
});
