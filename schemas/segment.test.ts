import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEnvelope } from './envelope.ts';
import { segmentBatchToEnvelopes, segmentToEnvelope } from './segment.ts';

const received = { at: '2026-11-22T10:00:00.000Z', newEventId: () => 'generated-id' };
const issuePaths = (result: { ok: boolean; issues?: { path: string }[] }) => (result.issues ?? []).map((issue) => issue.path).sort();

describe('Segment calls to envelopes', () => {
  it('maps a track call to a canonical envelope keyed by userId, with messageId as the event id and money in minor units', () => {
    const result = segmentToEnvelope(
      'track',
      {
        userId: 'c-42',
        event: 'Checkout Started',
        messageId: 'm-1',
        timestamp: '2026-11-22T09:59:00Z',
        properties: { cart_id: 'cart-1', value: 59.9, currency: 'EUR' },
      },
      received,
    );
    assert.deepEqual(result, {
      ok: true,
      value: {
        eventId: 'm-1',
        customerId: 'c-42',
        type: 'Checkout Started',
        version: 1,
        occurredAt: '2026-11-22T09:59:00Z',
        receivedAt: received.at,
        source: 'segment-http',
        payload: { cart_id: 'cart-1', value: { amount: 5990, currency: 'EUR' }, currency: 'EUR' },
      },
    });
    assert.equal(result.ok && checkEnvelope(result.value).ok, true);
  });

  it('converts amounts by the currency’s minor units, in products too, defaulting to USD', () => {
    const yen = segmentToEnvelope(
      'track',
      { userId: 'c', event: 'Order Completed', properties: { order_id: 'o', total: 1200, currency: 'JPY' } },
      received,
    );
    assert.deepEqual(yen.ok && yen.value.payload.total, { amount: 1200, currency: 'JPY' });
    const usd = segmentToEnvelope(
      'track',
      {
        userId: 'c',
        event: 'Order Completed',
        properties: { order_id: 'o', total: 19.99 * 3, products: [{ product_id: 'p', price: 19.99 }] },
      },
      received,
    );
    assert.deepEqual(usd.ok && usd.value.payload.total, { amount: 5997, currency: 'USD' });
    assert.deepEqual(usd.ok && (usd.value.payload.products as { price: unknown }[])[0]?.price, { amount: 1999, currency: 'USD' });
  });

  it('names every invalid property of a catalog event, in Segment’s terms', () => {
    const result = segmentToEnvelope('track', { userId: 'c-42', event: 'Order Completed', properties: { total: 'ten' } }, received);
    assert.equal(result.ok, false);
    assert.deepEqual(issuePaths(result), ['properties.order_id', 'properties.total']);
    const negative = segmentToEnvelope(
      'track',
      { userId: 'c-42', event: 'Checkout Started', properties: { cart_id: 'x', value: -1 } },
      received,
    );
    assert.deepEqual(issuePaths(negative), ['properties.value.amount']);
    const badCurrency = segmentToEnvelope(
      'track',
      { userId: 'c-42', event: 'Checkout Started', properties: { cart_id: 'x', value: 1, currency: 'euro' } },
      received,
    );
    assert.deepEqual(issuePaths(badCurrency), ['properties.currency']);
  });

  it('names the invalid traits of an identify call', () => {
    const result = segmentToEnvelope(
      'identify',
      {
        userId: 'c-42',
        traits: { email: 'not-an-email', timezone: 'Mars/Olympus', phone: '0612', birthday: '23/04/1990', address: { city: 'Paris' } },
      },
      received,
    );
    assert.deepEqual(issuePaths(result), [
      'traits.address.country',
      'traits.address.postalCode',
      'traits.address.street',
      'traits.birthday',
      'traits.email',
      'traits.phone',
      'traits.timezone',
    ]);
  });

  it('maps identify without traits, page and alias calls', () => {
    const identify = segmentToEnvelope('identify', { userId: 'c-1' }, received);
    assert.deepEqual(identify.ok && [identify.value.type, identify.value.payload], ['Identify', {}]);
    const page = segmentToEnvelope('page', { userId: 'c-1', name: 'Home', properties: { path: '/' } }, received);
    assert.deepEqual(page.ok && [page.value.type, page.value.payload], ['Page Viewed', { name: 'Home', path: '/' }]);
    const alias = segmentToEnvelope('alias', { userId: 'c-1', previousId: 'anon-7' }, received);
    assert.deepEqual(alias.ok && [alias.value.type, alias.value.payload], ['Alias', { previous_id: 'anon-7' }]);
  });

  it('rejects a call that names no customer', () => {
    const result = segmentToEnvelope('track', { event: 'Product Viewed', properties: { product_id: 'p' } }, received);
    assert.deepEqual(result, { ok: false, issues: [{ path: 'userId', message: 'userId or anonymousId is required' }] });
  });

  it('accepts an event outside the catalog as-is, and generates an id when messageId is absent', () => {
    const result = segmentToEnvelope('track', { anonymousId: 'a-1', event: 'Wishlist Shared', properties: { sku: 'x' } }, received);
    assert.equal(result.ok && result.value.customerId, 'anonymous:a-1');
    assert.equal(result.ok && result.value.eventId, 'generated-id');
  });
});

describe('Segment batches', () => {
  it('maps every call of a batch in order', () => {
    const result = segmentBatchToEnvelopes(
      {
        batch: [
          { type: 'identify', userId: 'c-1', traits: { email: 'a@example.com' } },
          { type: 'track', userId: 'c-1', event: 'Product Viewed', properties: { product_id: 'p-1', price: 5 } },
          { type: 'page', userId: 'c-1' },
        ],
      },
      received,
    );
    assert.deepEqual(result.ok && result.value.map((envelope) => envelope.type), ['Identify', 'Product Viewed', 'Page Viewed']);
  });

  it('rejects the whole batch, naming each invalid field by its position', () => {
    const result = segmentBatchToEnvelopes(
      {
        batch: [
          { type: 'track', userId: 'c-1', event: 'Product Viewed', properties: { product_id: 'p-1' } },
          { type: 'track', userId: 'c-1', event: 'Order Completed', properties: {} },
          { type: 'trace', userId: 'c-1' },
          { type: 'identify' },
        ],
      },
      received,
    );
    assert.deepEqual(issuePaths(result), ['batch.1.properties.order_id', 'batch.2.type', 'batch.3.userId']);
  });

  it("dates a call without timestamp by its originalTimestamp, corrected by receivedAt − sentAt (the device clock's skew)", () => {
    const call = {
      userId: 'c-42',
      event: 'Product Viewed',
      properties: { product_id: 'p-1' },
      originalTimestamp: '2026-11-22T11:00:00.000Z',
    };
    // The device's clock is an hour and 10 s ahead of ours: sent at 11:00:10 by it, received at 10:00:00 by us.
    const skewed = segmentToEnvelope('track', { ...call, sentAt: '2026-11-22T11:00:10.000Z' }, received);
    assert.equal(skewed.ok && skewed.value.occurredAt, '2026-11-22T09:59:50.000Z');
    const fromBatch = segmentBatchToEnvelopes({ sentAt: '2026-11-22T11:00:10.000Z', batch: [{ type: 'track', ...call }] }, received);
    assert.equal(fromBatch.ok && fromBatch.value[0]?.occurredAt, '2026-11-22T09:59:50.000Z');
    const unsent = segmentToEnvelope('track', call, received);
    assert.equal(unsent.ok && unsent.value.occurredAt, '2026-11-22T11:00:00.000Z');
  });

  it('maps screen and group calls to Screen Viewed and Group events', () => {
    const screen = segmentToEnvelope('screen', { userId: 'c-42', name: 'Cart', properties: { items: 2 } }, received);
    assert.deepEqual(screen.ok && [screen.value.type, screen.value.payload], ['Screen Viewed', { name: 'Cart', items: 2 }]);
    const group = segmentToEnvelope('group', { userId: 'c-42', groupId: 'acme', traits: { name: 'Acme' } }, received);
    assert.deepEqual(group.ok && [group.value.type, group.value.payload], ['Group', { group_id: 'acme', traits: { name: 'Acme' } }]);
    assert.deepEqual(issuePaths(segmentToEnvelope('group', { userId: 'c-42' }, received)), ['groupId']);
  });
});
