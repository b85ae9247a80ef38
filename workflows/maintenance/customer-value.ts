/**
 * The nightly recompute of what depends on the whole customer base (RFM quintiles, latency
 * cohorts, the purchase models), run by a Temporal Schedule so that operators see each run,
 * its duration and its result in the Web UI. One activity: the work is a few SQL statements
 * and a model fit, retried whole if the worker dies.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { CustomerValueRecomputed } from '../../schemas/names.ts';

const { recomputeCustomerValue } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { maximumAttempts: 3, initialInterval: '1 minute' },
});

export async function customerValueRecomputeWorkflow(): Promise<CustomerValueRecomputed> {
  return recomputeCustomerValue();
}
