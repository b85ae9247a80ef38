/**
 * Holiday campaign windows as an activity, for the nightly maintenance workflow
 * (workflows/maintenance/customer-value.ts): the holiday calendar and the scan of the base
 * stay out of workflow code, which must replay the same whatever the calendar's data says.
 */
import type { CampaignWindowsOpened } from '../schemas/names.ts';
import { ownProblems } from '../services/platform/campaigns/campaign-problems.ts';
import { addDays, windowsDue, type CampaignCalendar } from '../services/platform/campaigns/holiday-windows.ts';
import { openWindow, recordOpened, wasOpened } from '../services/platform/campaigns/window-openings.ts';
import { journeyControls } from '../services/platform/db/journey-controls.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { EventLogWriter } from '../services/platform/kafka/customer-events.ts';
import { heartbeat } from './heartbeat.ts';

export function createCampaignActivities(deps: { db: Db; events: EventLogWriter; campaigns: readonly CampaignCalendar[] }) {
  return {
    /**
     * Opens every window due by `date` (YYYY-MM-DD, tomorrow for the nightly run) that no run
     * opened yet: those opening that day, and those a missed night left closed while their
     * holiday still lasts. Each is recorded once opened (campaign_window_openings). A campaign
     * an operator paused, stopped or disabled is not opened (its customers would only enter to
     * wait or leave) and not recorded: resumed while its holiday lasts, the next run opens it.
     * Retried whole, it writes the same event ids again.
     */
    async openHolidayCampaignWindows({ date }: { date: string }): Promise<CampaignWindowsOpened> {
      const report: CampaignWindowsOpened = { date, windows: [], skipped: [] };
      for (const campaign of deps.campaigns) {
        // As written, it cannot work (the worker logged why at boot): the others still open.
        if (ownProblems(campaign, addDays(date, -1)).length > 0) {
          report.skipped.push({ campaignId: campaign.id, reason: 'invalid' });
          continue;
        }
        const windows = [];
        for (const window of windowsDue(campaign, date)) if (!(await wasOpened(deps.db, window))) windows.push(window);
        if (windows.length === 0) continue;
        const closed = await closedReason(deps.db, campaign.id);
        if (closed !== null) {
          report.skipped.push({ campaignId: campaign.id, reason: closed });
          continue;
        }
        for (const window of windows) {
          const customers = await openWindow({ db: deps.db, log: deps.events }, window, new Date(), ({ opened }) =>
            heartbeat({ campaignId: campaign.id, place: window.place, opened }),
          );
          await recordOpened(deps.db, window, customers);
          const { place, occurrence, opensOn } = window;
          report.windows.push({ campaignId: campaign.id, place, occurrence, opensOn, customers });
        }
      }
      return report;
    },
  };
}

/** Why nobody may enter the campaign now (the operators' switches), or null when they may. */
async function closedReason(db: Db, campaignId: string): Promise<CampaignWindowsOpened['skipped'][number]['reason'] | null> {
  const { state, enabled } = await journeyControls(db, campaignId);
  if (state !== 'active') return state;
  return enabled ? null : 'disabled';
}
