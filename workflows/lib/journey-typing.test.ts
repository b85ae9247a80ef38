/**
 * Journeys are typed from the event catalog and the template libraries. The functions at
 * the bottom are type tests: each `@ts-expect-error` marks a mistake that must fail
 * `npm run typecheck` (if it stopped being an error, the directive itself would fail it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { journeyRegistry } from '../registry.ts';
import * as workflows from '../index.ts';
import { defineJourney, type JourneyContext } from './journey.ts';
import { routedToJourney } from './journey-descriptor.ts';

const probe = defineJourney({
  id: 'typing-probe',
  workflowType: 'typingProbeWorkflow',
  trigger: { event: 'Checkout Started', key: (checkout) => checkout.payload.cart_id ?? checkout.eventId },
  exitOn: [
    { event: 'Order Completed', reason: 'converted', matches: (checkout, order) => order.payload.cart_id === checkout.payload.cart_id },
  ],
  waitsFor: ['Product Added'],
  reentry: 'once-per-key',
});

describe('journey descriptors', () => {
  it('route to a running journey the events it exits on and the events it waits for, and no others', () => {
    assert.deepEqual([...routedToJourney(probe)].sort(), ['Order Completed', 'Product Added']);
  });

  it('name workflow types that workflows/index.ts exports, so the worker can run them', () => {
    const exported = new Set(Object.keys(workflows));
    for (const journey of journeyRegistry)
      assert.ok(exported.has(journey.workflowType.name), `${journey.id}: ${journey.workflowType.name} is not exported`);
  });

  it('start journeys by their workflow type, named once in the descriptor', () => {
    assert.equal(probe.workflowType.name, 'typingProbeWorkflow');
    assert.throws(() => probe.workflowType({} as never), /runs on a Temporal worker/);
  });
});

// Type tests: never called. The lines marked @ts-expect-error hold values of error type on purpose.
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return */

export async function typeTestsOfTheBody(journey: JourneyContext<'Checkout Started', 'Product Added'>) {
  const cart: string | undefined = journey.trigger.payload.cart_id;
  // @ts-expect-error: 'Checkout Started' declares no field `cart_total`.
  const total = journey.trigger.payload.cart_total;

  // @ts-expect-error: a misspelt template name.
  await journey.send.email({ step: 'reminder', template: 'cart-reminder-one' });
  // @ts-expect-error: an SMS template is not an email template.
  await journey.send.email({ step: 'reminder', template: 'cart-reminder-sms' });
  await journey.send.sms({ step: 'reminder', template: 'cart-reminder-sms' });
  await journey.send.directMail({ step: 'postcard', template: 'cart-postcard' });

  const added = await journey.waitForEvent('Product Added', { within: '1 day', match: (event) => event.payload.cart_id === cart });
  const product: string | undefined = added?.payload.product_id;
  // @ts-expect-error: the descriptor does not route 'Order Refunded' to this journey: the wait could never end.
  await journey.waitForEvent('Order Refunded', { within: '1 day' });
  return { total, product };
}

export function typeTestsOfTheDescriptor() {
  defineJourney({
    id: 'typing-probe-2',
    workflowType: 'typingProbe2Workflow',
    // @ts-expect-error: 'Signed Up' has no `cart_id`.
    trigger: { event: 'Signed Up', key: (signUp) => signUp.payload.cart_id },
    exitOn: [],
    waitsFor: [],
    reentry: 'once',
  });
  defineJourney({
    id: 'typing-probe-3',
    workflowType: 'typingProbe3Workflow',
    trigger: { event: 'Order Delivered', key: (delivery) => delivery.payload.order_id },
    // @ts-expect-error: 'Product Reviewed' declares no `order_total`.
    exitOn: [{ event: 'Product Reviewed', reason: 'reviewed', matches: (_delivery, review) => review.payload.order_total > 0 }],
    waitsFor: [],
    reentry: 'once',
  });
  defineJourney({
    id: 'typing-probe-4',
    workflowType: 'typingProbe4Workflow',
    // @ts-expect-error: not an event of the catalog.
    trigger: { event: 'Checkout Begun', key: () => 'x' },
    exitOn: [],
    waitsFor: [],
    reentry: 'once',
  });
}
