/**
 * The nightly recompute of what depends on the whole customer base (RFM quintiles, latency
 * cohorts, the purchase models), run by a Temporal Schedule so that operators see each run,
 * its duration and its result in the Web UI. Two activities, each retried whole if the worker
 * dies: the scores (a few SQL statements and a model fit), then every customer's segments
 * against them.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { CustomerValueRecomputed } from '../../schemas/names.ts';

const { recomputeCustomerValue, refreshAllSegments } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { maximumAttempts: 3, initialInterval: '1 minute' },
});

export async function customerValueRecomputeWorkflow(): Promise<CustomerValueRecomputed> {
  const recomputed = await recomputeCustomerValue();
  // Added after release: runs started before segments end after the scores.
  if (!patched('segments-after-recompute')) return recomputed;
  return { ...recomputed, segments: await refreshAllSegments() };
}
