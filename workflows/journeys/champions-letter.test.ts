/**
 * The champions letter on the time-skipping test server with in-memory activities: started
 * by the customer workflow on entering `rfm-champions` only, the letter three days later,
 * nothing for a customer who left the group meanwhile, and not again within the year; the
 * holdout recorded. The letter itself through Lob: send-direct-mail.int.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JourneyResult } from '../../schemas/journey.ts';
import { customerWorkflowId, getCustomerStateQuery, journeyEventSignal, journeyWorkflowId } from '../../schemas/names.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { championsLetter, type championsLetterWorkflow } from './champions-letter.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('champions-letter-unit', () => mocks.activities)));
after(() => bed?.stop());

function champion(holdout: boolean, customer: MockCustomer = { consent: ['direct_mail'] }): string {
  for (;;) {
    const customerId = uniqueId('champion');
    if (assignArm(customerId, championsLetter.id, championsLetter).holdout !== holdout) continue;
    customers[customerId] = customer;
    return customerId;
  }
}

const segmentEvent = (customerId: string, type: 'Segment Entered' | 'Segment Exited', segmentId: string) =>
  customerEvent(customerId, type, { segment_id: segmentId });
const start = (customerId: string) =>
  bed.startJourney(championsLetter, customerId, 'entry-1', segmentEvent(customerId, 'Segment Entered', 'rfm-champions'));
const journeyOf = (customerId: string, key: string) =>
  bed.env.client.workflow.getHandle<typeof championsLetterWorkflow>(journeyWorkflowId(championsLetter.id, customerId, key));

describe('champions letter (in-memory activities)', () => {
  it('starts on entering rfm-champions, not another RFM group, and mails the letter three days later, once a year', async () => {
    const customerId = champion(false);
    const startedAt = await bed.env.currentTimeMs();
    await bed.signalCustomer(customerId, [
      segmentEvent(customerId, 'Segment Entered', 'rfm-loyal'),
      segmentEvent(customerId, 'Segment Entered', 'rfm-champions'),
    ]);
    const result = await waitFor(
      () =>
        journeyOf(customerId, 'entry-1')
          .result()
          .catch(() => undefined),
      {
        timeoutMs: 60_000,
        what: 'the champions letter',
      },
    );
    assert.equal(result.outcome, 'completed');
    const sends = mocks.sendsOf(customerId);
    assert.deepEqual(
      sends.map((send) => [send.channel, send.template, send.status]),
      [['direct_mail', 'champions-letter', 'sent']],
    );
    const after = sends[0]!.at - startedAt;
    assert.ok(after >= 3 * DAY && after < 3 * DAY + MINUTE, `${after} ms after entering`);

    // Out at one night's scoring, back in at the next: within the year, no second letter.
    await bed.signalCustomer(customerId, [
      segmentEvent(customerId, 'Segment Exited', 'rfm-champions'),
      segmentEvent(customerId, 'Segment Entered', 'rfm-champions'),
    ]);
    const customer = bed.env.client.workflow.getHandle(customerWorkflowId(customerId));
    const state = await waitFor(
      async () => {
        const now = await customer.query(getCustomerStateQuery);
        return now.eventsApplied >= 4 ? now : undefined;
      },
      { timeoutMs: 15_000, what: 'the customer workflow to apply the events' },
    );
    assert.deepEqual(state.journeyEntries[championsLetter.id]?.count, 1);
    assert.deepEqual(Object.keys(state.journeyEntries), [championsLetter.id], 'rfm-loyal starts nothing');
  });

  it('ends without a letter when the customer leaves the champions before it is mailed', async () => {
    const customerId = champion(false);
    const handle = await start(customerId);
    await bed.env.sleep('2 days');
    await handle.signal(journeyEventSignal, segmentEvent(customerId, 'Segment Exited', 'rfm-loyal'));
    await handle.signal(journeyEventSignal, segmentEvent(customerId, 'Segment Exited', 'rfm-champions'));
    const result: JourneyResult = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'left-segment' },
    );
    assert.equal(mocks.sendsOf(customerId).length, 0, 'leaving another group does not end it; leaving this one does');
  });

  it('skips a champion with no postal address (the gate’s address check)', async () => {
    const customerId = champion(false, { consent: ['direct_mail', 'email'], reachableOn: ['email'] });
    const result = await (await start(customerId)).result();
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status === 'skipped' && send.reason]),
      [['champions-letter', 'no-address']],
    );
  });

  it('records the holdout’s letter without mailing it', async () => {
    const customerId = champion(true);
    const result = await (await start(customerId)).result();
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status === 'skipped' && send.reason]),
      [['champions-letter', 'holdout']],
    );
  });
});
