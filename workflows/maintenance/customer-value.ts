/**
 * The nightly recompute of what depends on the whole customer base (RFM quintiles, latency
 * cohorts, the purchase models), run by a Temporal Schedule so that operators see each run,
 * its duration and its result in the Web UI. Three activities, each retried whole if the
 * worker dies: the holiday campaign windows that open the next day, the scores (a few SQL
 * statements and a model fit), and every customer's segments against them.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { CustomerValueRecomputed } from '../../schemas/names.ts';

const DAY_MS = 86_400_000;

const retry = { maximumAttempts: 3, initialInterval: '1 minute' };
const { recomputeCustomerValue } = proxyActivities<Activities>({ startToCloseTimeout: '30 minutes', retry });
// These two go through the base a page at a time and heartbeat after each: an attempt whose
// worker died is retried a minute after its last heartbeat, not after the 30 minutes.
// (Only the scheduled command's timeouts change: runs started before replay the same.)
const { refreshAllSegments, openHolidayCampaignWindows } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry,
});

/**
 * A day ahead (UTC): each customer's journey then waits for the campaign's hour on their own
 * calendar, which in the zones ahead of UTC comes before this run's hour does.
 */
const openTomorrowsCampaignWindows = () => openHolidayCampaignWindows({ date: new Date(Date.now() + DAY_MS).toISOString().slice(0, 10) });

export async function customerValueRecomputeWorkflow(): Promise<CustomerValueRecomputed> {
  // Campaigns first (added after release): they read where customers live, not their scores,
  // and a recompute that fails its three attempts must not keep a one-day holiday closed.
  const campaignsFirst = patched('campaign-windows-first') ? await openTomorrowsCampaignWindows() : null;
  const recomputed = await recomputeCustomerValue();
  // Added after release: runs started before segments end after the scores.
  if (!patched('segments-after-recompute')) return recomputed;
  const withSegments = { ...recomputed, segments: await refreshAllSegments() };
  // Added after release: runs started before campaigns end after the segments.
  if (!patched('campaign-windows-after-segments')) return withSegments;
  return { ...withSegments, campaigns: campaignsFirst ?? (await openTomorrowsCampaignWindows()) };
}
