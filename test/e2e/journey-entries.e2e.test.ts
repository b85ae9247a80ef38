/**
 * How customers enter journeys on the real stack: late, by an operator's backfill, and each
 * urgent run ahead on a busy task queue.
 *
 * The backfill. A customer whose sign-up and marketing consent are in the
 * event store but reached their workflow before signup-anniversary and re-permission
 * shipped (written here straight into the store, as if taken in then) is in neither. The
 * backfill writes `Journey Entry Requested` to Kafka; the router brings it to the customer's
 * workflow, which enters each journey with the old event as its trigger. Asked again, nobody
 * enters twice; a customer who entered the usual way stays in their one run; and only the
 * long-lived journeys have a backfill.
 *
 * Priority: a run whose first step is promised within the hour (a cart reminder) goes ahead
 * of the rest when the queue is backlogged (a shop's imported history).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomerState } from '../../schemas/customer.ts';
import type { JourneyInput } from '../../schemas/journey.ts';
import { customerWorkflowId, getCustomerStateQuery } from '../../schemas/names.ts';
import { requestEntries } from '../../services/platform/journey-backfill/entry-requests.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { customerEvent, project } from '../support/fixtures.ts';
import { journeys } from '../support/journeys-cli.ts';
import { shopperThroughTheLog } from '../support/pipeline.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';

const { deps, temporal, ingestUrl } = productOnTheStack('journey-entries-test', { INGEST_PORT: '18114' });
const { db, events: log } = deps;

const stateOf = (customerId: string) => temporal().workflow.getHandle(customerWorkflowId(customerId)).query(getCustomerStateQuery);

/** The customer's workflow state once `wanted` holds of it. */
const once = (customerId: string, what: string, wanted: (state: CustomerState) => boolean) =>
  waitFor(
    async () => {
      const state = await stateOf(customerId).catch(() => undefined);
      return state && wanted(state) ? state : undefined;
    },
    { timeoutMs: 60_000, what },
  );

/** The trigger a running journey was started with (its first history event's input). */
async function triggerOf(workflowId: string): Promise<JourneyInput['trigger']> {
  const started = (await temporal().workflow.getHandle(workflowId).fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
  return (JSON.parse(Buffer.from(started!.input!.payloads![0]!.data!).toString()) as JourneyInput).trigger;
}

describe('journey entries on the real stack', () => {
  it('enters a customer from before the journeys shipped into each, dated by the old events, and nobody twice', async () => {
    // A customer of the shop since 2023: their workflow exists (a recent identify), and their
    // sign-up and consent grant are in the event store only.
    const { customerId } = await shopperThroughTheLog(db, ingestUrl(), { consent: 'sms' });
    const signUp = { ...customerEvent(customerId, 'Signed Up', {}), occurredAt: '2023-03-01T08:30:00.000Z' };
    const grant = {
      ...customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose: 'marketing', source: 'checkout' }),
      occurredAt: '2025-06-20T12:00:00.000Z',
    };
    await project(db, signUp, grant);
    const before = await once(customerId, 'the SMS grant entered', (state) => state.journeyEntries['re-permission']?.count === 1);
    assert.equal(before.journeyEntries['signup-anniversary'], undefined);
    assert.equal(before.journeyEntries['re-permission']?.count, 1, 'only the SMS grant given through the log');

    for (const journeyId of ['signup-anniversary', 're-permission'])
      assert.equal(await requestEntries({ db, log }, journeyId, { customerIds: [customerId] }), journeyId === 're-permission' ? 2 : 1);
    const entered = await once(
      customerId,
      'both journeys entered',
      (state) => state.journeyEntries['signup-anniversary']?.count === 1 && state.journeyEntries['re-permission']?.count === 2,
    );
    const running = (journeyId: string) => entered.activeJourneys.filter((active) => active.journeyId === journeyId);
    const [anniversary] = running('signup-anniversary');
    assert.equal((await triggerOf(anniversary!.workflowId)).occurredAt, signUp.occurredAt, 'the anniversary of the 2023 sign-up');
    const emailGrant = running('re-permission').find((active) => active.key === `email:${grant.eventId}`);
    assert.ok(emailGrant, "the email grant's own run, keyed as the grant would have keyed it");
    assert.equal((await triggerOf(emailGrant.workflowId)).occurredAt, grant.occurredAt, 'its lapse counted from the 2025 grant');

    // Asked again (a second backfill run): the same events, dropped as repeats; and the SMS
    // grant's request, a new event, finds its run started the usual way.
    for (const journeyId of ['signup-anniversary', 're-permission'])
      await requestEntries({ db, log }, journeyId, { customerIds: [customerId] });
    const after = await once(customerId, 'the repeated requests dropped', (state) => state.repeatsIgnored >= before.repeatsIgnored + 3);
    assert.deepEqual(
      { anniversary: after.journeyEntries['signup-anniversary']?.count, rePermission: after.journeyEntries['re-permission']?.count },
      { anniversary: 1, rePermission: 2 },
    );
    assert.equal(after.activeJourneys.length, entered.activeJourneys.length);
  });

  it('starts urgent journeys ahead of the rest on a busy task queue, and the others in arrival order', async () => {
    const { customerId } = await shopperThroughTheLog(db, ingestUrl(), {
      consent: 'email',
      events: [
        { event: 'Checkout Started', properties: { cart_id: 'cart-1' } },
        { event: 'Signed Up', properties: {} },
      ],
    });
    const { activeJourneys } = await once(customerId, 'the journeys started', (state) =>
      ['cart-abandonment', 'welcome', 'signup-anniversary', 're-permission'].every((id) => state.journeyEntries[id]),
    );
    const priorities: Record<string, number> = {};
    for (const { journeyId, workflowId } of activeJourneys) {
      const { priority } = (await temporal().workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo ?? {};
      // None set: Temporal's default, 3.
      priorities[journeyId] = priority?.priorityKey || 3;
    }
    assert.deepEqual(priorities, {
      'awareness-catalog': 3,
      'cart-abandonment': 1,
      're-permission': 3,
      'signup-anniversary': 3,
      welcome: 3,
    });
  });

  it('counts a dry run, and refuses a journey without a backfill, naming those with one', async () => {
    const { customerId } = await shopperThroughTheLog(db, ingestUrl(), { consent: 'email' });
    const dryRun = await journeys('journey', 'backfill', 're-permission', '--dry-run', '--customer', customerId);
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.equal(
      dryRun.stdout,
      '1 customer trigger(s) to offer re-permission (the marketing consent grant in force on each channel); dry run, nothing written\n',
    );
    const refused = await journeys('journey', 'backfill', 'welcome');
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /^journeys journey backfill: welcome has no backfill: only journeys a customer enters once and stays in for years do \(signup-anniversary, first-order-anniversary, birthday, re-permission\)/,
    );
  });
});
