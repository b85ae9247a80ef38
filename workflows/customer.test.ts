/**
 * The customer workflow on Temporal's time-skipping test server: Kafka may deliver an event
 * again (a router crash between the signal and the offset commit), and a repeat must not
 * act twice, also after the workflow continued as new.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { CustomerEventEnvelope } from '../schemas/envelope.ts';
import type { JourneyInput } from '../schemas/journey.ts';
import { customerEventsSignal, customerWorkflowId, customerWorkflowType, getCustomerStateQuery } from '../schemas/names.ts';
import { loadConfig } from '../services/platform/config.ts';
import { waitFor } from '../services/platform/wait-for.ts';
import { workflowsPath } from '../services/processes/worker/worker.ts';
import { customerEvent, entryRequestOf, uniqueId } from '../test/support/fixtures.ts';
import { createMockActivities } from '../test/support/mock-activities.ts';
import { createTimeSkippingEnv } from '../test/support/temporal-test-env.ts';
import { EVENTS_PER_RUN, type customerWorkflow } from './customer.ts';

const config = loadConfig();
const taskQueue = uniqueId('customer-workflow-test');
let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRunning: Promise<void>;
/** The journeys the customer workflow starts run too; their activities answer from memory. */
const mocks = createMockActivities({});

before(async () => {
  env = await createTimeSkippingEnv(config.temporal.testServerPath);
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities: mocks.activities });
  workerRunning = worker.run();
});

after(async () => {
  worker?.shutdown();
  await workerRunning;
  await env?.teardown();
});

async function startCustomer(customerId: string): Promise<WorkflowHandle<typeof customerWorkflow>> {
  return env.client.workflow.start(customerWorkflowType, {
    taskQueue,
    workflowId: customerWorkflowId(customerId),
    args: [{ customerId }],
  });
}

const identifies = (customerId: string, count: number) => Array.from({ length: count }, () => customerEvent(customerId, 'Identify', {}));

const takenIn = async (customer: WorkflowHandle<typeof customerWorkflow>) => {
  const state = await customer.query(getCustomerStateQuery);
  return { state, count: state.eventsApplied + state.repeatsIgnored };
};

/** Signals the batches in order, then waits until the workflow has taken them all in. */
async function deliver(customer: WorkflowHandle<typeof customerWorkflow>, ...batches: CustomerEventEnvelope[][]) {
  const before = (await takenIn(customer)).count;
  for (const batch of batches) await customer.signal(customerEventsSignal, batch);
  const total = batches.reduce((sum, batch) => sum + batch.length, 0);
  return waitFor(
    async () => {
      const { state, count } = await takenIn(customer);
      return count >= before + total ? state : undefined;
    },
    { timeoutMs: 30_000, what: `${total} events taken in` },
  );
}

describe('customer workflow', () => {
  it('applies a redelivered event once and counts the repeat', async () => {
    const customerId = uniqueId('repeats');
    const customer = await startCustomer(customerId);
    const [a, b, c, d] = identifies(customerId, 4) as [
      CustomerEventEnvelope,
      CustomerEventEnvelope,
      CustomerEventEnvelope,
      CustomerEventEnvelope,
    ];
    const state = await deliver(customer, [a, b, c], [b, c, d]);
    assert.deepEqual(
      { applied: state.eventsApplied, repeats: state.repeatsIgnored, stage: state.lifecycleStage },
      { applied: 4, repeats: 2, stage: 'acquisition' },
    );
  });

  it('does not start a journey that a later event of the same batch ends: a cart ordered in the batch that abandoned it', async () => {
    const customerId = uniqueId('quick-buyer');
    const customer = await startCustomer(customerId);
    const checkout = (cartId: string) => customerEvent(customerId, 'Checkout Started', { cart_id: cartId });
    const order = (cartId: string) => customerEvent(customerId, 'Order Completed', { order_id: uniqueId('order'), cart_id: cartId });
    // Taken in is not yet started: the entries are counted once the child workflows started.
    const entries = (wanted: (entries: Record<string, { count: number }>) => boolean) =>
      waitFor(
        async () => {
          const { journeyEntries } = await customer.query(getCustomerStateQuery);
          return wanted(journeyEntries) ? journeyEntries : undefined;
        },
        { timeoutMs: 30_000, what: 'the journeys started' },
      );
    await deliver(customer, [checkout('cart-1'), order('cart-1')]);
    const together = await entries((started) => started['win-back'] !== undefined && started['first-order-anniversary'] !== undefined);
    assert.deepEqual(
      Object.keys(together).sort(),
      ['first-order-anniversary', 'win-back'],
      "the order starts its win-back and the first order's anniversary; the cart journey never starts",
    );

    await deliver(customer, [checkout('cart-2')], [order('cart-2')]);
    const apart = await entries((started) => started['win-back']?.count === 2);
    assert.equal(apart['cart-abandonment']?.count, 1, 'in separate batches the cart journey starts, and the order ends it');
  });

  it(`continues as new after ${EVENTS_PER_RUN} events and still recognises repeats from the run before`, async () => {
    const customerId = uniqueId('long-lived');
    const customer = await startCustomer(customerId);
    const firstRunId = (await customer.describe()).runId;
    const events = identifies(customerId, EVENTS_PER_RUN + 100);
    const batches = Array.from({ length: events.length / 100 }, (_, i) => events.slice(i * 100, (i + 1) * 100));
    await deliver(customer, ...batches);
    const { runId } = await customer.describe();
    assert.notEqual(runId, firstRunId, 'a new run after the per-run limit');

    // The first events of the first run, delivered again to the new run.
    const state = await deliver(customer, events.slice(0, 50));
    assert.deepEqual({ applied: state.eventsApplied, repeats: state.repeatsIgnored }, { applied: EVENTS_PER_RUN + 100, repeats: 50 });
  });

  it("spends no entry on a journey the shop switched off: a 'once' journey is open to the customer once it is back on", async () => {
    const customerId = uniqueId('signed-up-while-off');
    const customer = await startCustomer(customerId);
    mocks.setJourney('welcome', { enabled: false, parameters: {} });
    try {
      await deliver(customer, [customerEvent(customerId, 'Signed Up', {})]);
      // Taken in: the sign-up started its anniversary, and the switched-off welcome nothing.
      const { journeyEntries, activeJourneys } = await customer.query(getCustomerStateQuery);
      assert.equal(journeyEntries['welcome'], undefined);
      assert.deepEqual(
        activeJourneys.map((active) => active.journeyId),
        ['signup-anniversary'],
      );
    } finally {
      mocks.setJourney('welcome', { enabled: true, parameters: {} });
    }
    await deliver(customer, [customerEvent(customerId, 'Signed Up', {})]);
    const entered = await waitFor(async () => (await customer.query(getCustomerStateQuery)).journeyEntries['welcome'], {
      timeoutMs: 30_000,
      what: 'the welcome journey started',
    });
    assert.equal(entered.count, 1);
  });

  it("enters an operator's backfill into the journey it names alone, with the old event as its trigger, once", async () => {
    const customerId = uniqueId('signed-up-years-ago');
    const customer = await startCustomer(customerId);
    // The account's sign-up, from before signup-anniversary shipped, as the event store holds it.
    const signUp = { ...customerEvent(customerId, 'Signed Up', {}), occurredAt: '2023-03-01T08:30:00.000Z' };
    const request = (journeyId: string) => entryRequestOf(journeyId, signUp);
    // A journey the old event would not start, and one no longer shipped: nothing.
    await deliver(customer, [request('birthday'), request('a-journey-since-removed')]);
    assert.deepEqual((await customer.query(getCustomerStateQuery)).journeyEntries, {});

    await deliver(customer, [request('signup-anniversary')], [request('signup-anniversary')]);
    const { journeyEntries, activeJourneys } = await waitFor(
      async () => {
        const state = await customer.query(getCustomerStateQuery);
        return state.journeyEntries['signup-anniversary'] ? state : undefined;
      },
      { timeoutMs: 30_000, what: 'the anniversary journey started' },
    );
    assert.deepEqual(journeyEntries['signup-anniversary']?.count, 1, 'asked twice (a second backfill run), entered once');
    assert.deepEqual(
      activeJourneys.map((active) => active.journeyId),
      ['signup-anniversary'],
      'the welcome journey, also started by a sign-up, does not hear the old one',
    );
    const anniversary = env.client.workflow.getHandle(activeJourneys[0]!.workflowId);
    const started = (await anniversary.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    const input = JSON.parse(Buffer.from(started!.input!.payloads![0]!.data!).toString()) as JourneyInput;
    assert.equal(input.trigger.eventId, signUp.eventId);
    assert.equal(input.trigger.occurredAt, '2023-03-01T08:30:00.000Z', 'dated by the sign-up, not by the backfill');
  });
});
