/**
 * The nightly customer-value recompute as a Temporal Schedule on the dev server: created by
 * a worker's start, brought up to date by the next start, and run when triggered (as an
 * operator would from the Web UI), by the worker, to the end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { customerValueScheduleId, type CustomerValueRecomputeWorkflow } from '../../../schemas/names.ts';
import { uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { connectTemporal } from '../../platform/temporal/client.ts';
import { waitFor } from '../../platform/wait-for.ts';
import { startProduct, type RunningProduct } from '../composition-root.ts';
import { ensureCustomerValueSchedule } from './schedules.ts';

const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: uniqueId('schedules'), METRICS_PORT: '0', LOG_LEVEL: 'warn' });
let worker: RunningProduct;
let temporal: Client;

before(async () => {
  worker = await startProduct(config, createLogger('warn'), ['worker']);
  temporal = await connectTemporal(config.temporal);
});
after(async () => {
  await temporal?.connection.close();
  await worker?.stop();
});

describe('customer value schedule', () => {
  it('is created by the worker, updated by the next start, and runs the recompute when triggered', async () => {
    const handle = temporal.schedule.getHandle(customerValueScheduleId);
    const created = await handle.describe();
    assert.equal(created.action.type, 'startWorkflow');
    assert.equal(created.action.type === 'startWorkflow' && created.action.workflowType, 'customerValueRecomputeWorkflow');
    assert.equal(created.action.type === 'startWorkflow' && created.action.taskQueue, config.temporal.taskQueue);
    // Temporal keeps cron expressions as calendars: 03:00 every day.
    assert.deepEqual(
      created.spec.calendars?.map((calendar) => [calendar.hour, calendar.minute]),
      [[[{ start: 3, end: 3, step: 1 }], [{ start: 0, end: 0, step: 1 }]]],
    );

    await ensureCustomerValueSchedule(temporal, { cron: '30 4 * * *', taskQueue: config.temporal.taskQueue });
    const updated = await handle.describe();
    assert.deepEqual(
      updated.spec.calendars?.map((calendar) => [calendar.hour, calendar.minute]),
      [[[{ start: 4, end: 4, step: 1 }], [{ start: 30, end: 30, step: 1 }]]],
    );

    const before = (await handle.describe()).info.recentActions.length;
    await handle.trigger();
    const run = await waitFor(
      async () => {
        const actions = (await handle.describe()).info.recentActions;
        return actions.length > before ? actions.at(-1) : undefined;
      },
      { timeoutMs: 30_000, what: 'the triggered run' },
    );
    const result = await temporal.workflow.getHandle<CustomerValueRecomputeWorkflow>(run.action.workflow.workflowId).result();
    assert.equal(typeof result.customers, 'number');
    await ensureCustomerValueSchedule(temporal, { cron: '0 3 * * *', taskQueue: config.temporal.taskQueue });
  });
});
