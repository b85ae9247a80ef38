/**
 * The Temporal Schedules the product runs, created when a worker starts (idempotently: a
 * second worker, or a restart, finds the schedule and brings its spec up to date). Operators
 * see, pause and trigger them in the Web UI (Schedules) or with `temporal schedule`.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { customerValueRecomputeWorkflowType, customerValueScheduleId } from '../../../schemas/names.ts';

/** The nightly recompute of RFM, latency and the purchase models; `cron` null removes it. */
export async function ensureCustomerValueSchedule(temporal: Client, options: { cron: string | null; taskQueue: string }): Promise<void> {
  const handle = temporal.schedule.getHandle(customerValueScheduleId);
  if (options.cron === null) {
    await handle.delete().catch(() => undefined);
    return;
  }
  const spec = { cronExpressions: [options.cron] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: customerValueRecomputeWorkflowType,
    taskQueue: options.taskQueue,
    args: [] as [],
  };
  try {
    await temporal.schedule.create({
      scheduleId: customerValueScheduleId,
      spec,
      action,
      // A recompute still running when the next is due: the next waits for it, once.
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await handle.update((previous) => ({ ...previous, spec, action }));
  }
}
