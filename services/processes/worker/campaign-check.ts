/**
 * The holiday campaigns checked against the holiday calendar when a worker starts: each
 * problem logged as an error naming the campaign, and the worker starts anyway. A campaign
 * with problems of its own is not opened by the nightly run (activities/campaigns.ts); the
 * other journeys, and the other campaigns, run on.
 */
import { campaignProblems, type CampaignProblem } from '../../platform/campaigns/campaign-problems.ts';
import type { CampaignCalendar } from '../../platform/campaigns/holiday-windows.ts';
import type { Logger } from '../../platform/logger.ts';

export function logCampaignProblems(logger: Logger, campaigns: readonly CampaignCalendar[], today: string): CampaignProblem[] {
  const problems = campaignProblems(campaigns, today);
  for (const { campaignId, problem } of problems)
    logger.error('holiday campaign cannot work as written (journeys campaigns list)', { campaignId, problem });
  return problems;
}
