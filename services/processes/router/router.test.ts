import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import { eventTypesForTemporal, routedToTemporal } from '../../../workflows/registry.ts';
import { customerEvent } from '../../../test/support/fixtures.ts';
import { partitionOfKey, toMessage } from '../../platform/kafka/customer-events.ts';
import { groupByCustomer } from './router.ts';

const asConsumed = (messages: ReturnType<typeof toMessage>[]): KafkaMessage[] =>
  messages.map((message, offset) => ({
    key: Buffer.from(String(message.key)),
    value: Buffer.from(String(message.value)),
    headers: {},
    offset: String(offset),
    timestamp: String(Date.now()),
    attributes: 0,
  }));

describe('router batching', () => {
  it('sends Temporal one signal per customer with that customer’s journey events in log order, and nothing else', () => {
    const ada = [
      customerEvent('ada', 'Checkout Started', { cart_id: 'c1', value: { amount: 100, currency: 'EUR' } }),
      customerEvent('ada', 'Order Completed', { order_id: 'o1', cart_id: 'c1' }),
    ];
    const ben = customerEvent('ben', 'Checkout Started', { cart_id: 'c2', value: { amount: 100, currency: 'EUR' } });
    const pageView = customerEvent('ada', 'Product Viewed', { product_id: 'p1' });
    const invalid = { ...toMessage(ben), value: '{"broken":' };
    const grouped = groupByCustomer(
      asConsumed([toMessage(ada[0]!), toMessage(pageView), toMessage(ben), invalid, toMessage(ada[1]!)]),
      routedToTemporal(),
    );

    assert.deepEqual([...grouped.keys()], ['ada', 'ben']);
    assert.deepEqual(
      grouped.get('ada')?.events.map((event) => event.eventId),
      ada.map((event) => event.eventId),
    );
    assert.deepEqual(
      grouped.get('ben')?.events.map((event) => event.eventId),
      [ben.eventId],
    );
  });

  it('signals no workflow with an event the event store could not hold, nor one over the size limit', () => {
    const checkout = customerEvent('cleo', 'Checkout Started', { cart_id: 'c3' });
    const withNul = { ...toMessage(checkout), value: String(toMessage(checkout).value).replace('"c3"', '"c3\\u0000"') };
    const huge = { ...toMessage(checkout), value: JSON.stringify({ ...checkout, payload: { cart_id: 'c4', note: 'x'.repeat(70_000) } }) };
    assert.match(String(withNul.value), /c3\\u0000/);
    assert.deepEqual([...groupByCustomer(asConsumed([withNul, huge]), routedToTemporal()).keys()], []);
    assert.deepEqual([...groupByCustomer(asConsumed([toMessage(checkout)]), routedToTemporal()).keys()], ['cleo']);
  });

  it("skips and reports an event on another partition than its key's, as a producer with another partitioner would write it", () => {
    const checkout = customerEvent('dora', 'Checkout Started', { cart_id: 'c5' });
    const home = partitionOfKey('dora', 6);
    let misplaced = 0;
    const count = () => (misplaced += 1);
    const elsewhere = groupByCustomer(
      asConsumed([toMessage(checkout)]),
      routedToTemporal(),
      { partition: (home + 1) % 6, partitions: 6 },
      count,
    );
    assert.deepEqual([...elsewhere.keys()], []);
    assert.equal(misplaced, 1);
    const atHome = groupByCustomer(asConsumed([toMessage(checkout)]), routedToTemporal(), { partition: home, partitions: 6 }, count);
    assert.deepEqual([...atHome.keys()], ['dora']);
    assert.equal(misplaced, 1);
  });

  it('sends Temporal only the events a journey or the lifecycle stage uses', () => {
    const relevant = eventTypesForTemporal();
    for (const type of ['Checkout Started', 'Order Completed', 'Identify', 'Consent Granted', 'Consent Revoked'])
      assert.ok(relevant.has(type), type);
    for (const type of ['Product Viewed', 'Page Viewed', 'Screen Viewed', 'Product Removed']) assert.ok(!relevant.has(type), type);
  });

  it('sends Temporal the changes of segments a journey starts or exits on, not those of every segment', () => {
    const routed = routedToTemporal();
    const change = (type: string, segmentId: string) => routed(customerEvent('eve', type, { segment_id: segmentId }));
    assert.equal(change('Segment Entered', 'high-value'), true, 'VIP recognition starts on it');
    assert.equal(change('Segment Exited', 'high-value'), true, 'and ends on leaving it');
    assert.equal(change('Segment Entered', 'one-time-buyers'), false);
    assert.equal(change('Segment Entered', 'rfm-champions'), true, 'the champions letter starts on it');
    assert.equal(change('Segment Exited', 'rfm-lost'), false);
    assert.equal(routed(customerEvent('eve', 'Product Viewed', { product_id: 'p1' })), false);
  });
});
