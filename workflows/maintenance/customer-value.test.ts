/**
 * The nightly maintenance workflow on the time-skipping test server with in-memory
 * activities: when the worker running a fan-out over the base dies mid-way (its attempt
 * never finishes and heartbeats no more), the attempt is retried within minutes, not after
 * its 30-minute start-to-close timeout, and the run completes with the retry's result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { customerValueRecomputeWorkflowType } from '../../schemas/names.ts';
import { uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';

const mocks = createMockActivities({});
/** Test-server time at which each attempt of a fan-out was scheduled, by activity. */
const attempts: Record<string, number[]> = { refreshAllSegments: [], openHolidayCampaignWindows: [] };
let bed: WorkflowTestbed;
/** The second test: fan-outs work at once, and the recompute fails every attempt. */
let recomputeFails = false;
/** The dates the campaign windows were opened for. */
const campaignDates: string[] = [];

/**
 * Its first attempt is a worker that died: no heartbeat, no result (until the worker shuts
 * down). The test server does not skip time while an activity runs, so the attempt moves
 * its clock on itself: past the heartbeat timeout and the retry's backoff, not so far that
 * the retry's own heartbeat timeout passes before it reports.
 */
async function diesOnce(name: string, env: WorkflowTestbed['env']): Promise<void> {
  // When the server scheduled this attempt (test-server time): a worker may poll it up later.
  attempts[name]!.push(Context.current().info.currentAttemptScheduledTimestampMs);
  if (Context.current().info.attempt > 1 || recomputeFails) return;
  // Until the worker shuts down (which cancels it), whether or not the clock got there.
  const clockMoved = env.sleep('150 seconds').catch(() => undefined);
  await Promise.race([clockMoved, Context.current().cancelled]);
  await Context.current().cancelled;
}

before(
  async () =>
    (bed = await startWorkflowTestbed('maintenance-unit', (env) => ({
      ...mocks.activities,
      recomputeCustomerValue: () =>
        recomputeFails
          ? Promise.reject(new Error('the database is away'))
          : Promise.resolve({ customers: 0, seconds: 0, bgNbd: null, gammaGamma: null }),
      async refreshAllSegments() {
        await diesOnce('refreshAllSegments', env);
        return { customers: 0, entered: 0, exited: 0, seconds: 0 };
      },
      async openHolidayCampaignWindows({ date }) {
        await diesOnce('openHolidayCampaignWindows', env);
        campaignDates.push(date);
        return { date, windows: [], skipped: [] };
      },
    }))),
);
after(() => bed?.stop());

describe('the nightly maintenance run (in-memory activities)', () => {
  // Without a heartbeat timeout the run waits out the 30 minutes, which the test server never reaches here.
  it('retries a fan-out whose worker died within minutes of its last sign of life, and completes', { timeout: 120_000 }, async () => {
    const result = await bed.env.client.workflow.execute(customerValueRecomputeWorkflowType, {
      taskQueue: bed.taskQueue,
      workflowId: uniqueId('maintenance'),
    });
    assert.ok(result.segments && result.campaigns, 'both fan-outs finished on their retry');
    for (const [name, [first, second]] of Object.entries(attempts)) {
      assert.ok(first !== undefined && second !== undefined, `${name} retried`);
      // A minute without a heartbeat, then the retry policy's minute: well inside 30 minutes.
      assert.ok(second - first < 5 * 60_000, `${name} retried after ${Math.round((second - first) / 60_000)} minutes`);
    }
  });

  it("opens tomorrow's campaign windows before the recompute, so a recompute that fails does not keep a holiday closed", async () => {
    recomputeFails = true;
    campaignDates.length = 0;
    try {
      const startedAt = await bed.env.currentTimeMs();
      const run = bed.env.client.workflow.execute(customerValueRecomputeWorkflowType, {
        taskQueue: bed.taskQueue,
        workflowId: uniqueId('maintenance'),
      });
      await assert.rejects(run, WorkflowFailedError);
      assert.deepEqual(campaignDates, [new Date(startedAt + 86_400_000).toISOString().slice(0, 10)], 'opened once, for tomorrow');
    } finally {
      recomputeFails = false;
    }
  });
});
