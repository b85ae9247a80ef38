/**
 * Holiday campaign windows as an activity, for the nightly maintenance workflow
 * (workflows/maintenance/customer-value.ts): the holiday calendar and the scan of the base
 * stay out of workflow code, which must replay the same whatever the calendar's data says.
 */
import type { CampaignWindowsOpened } from '../schemas/names.ts';
import { windowsOpeningOn, type CampaignCalendar } from '../services/platform/campaigns/holiday-windows.ts';
import { openWindow } from '../services/platform/campaigns/window-openings.ts';
import { journeySettings, journeyState } from '../services/platform/db/journey-controls.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { EventLogWriter } from '../services/platform/kafka/customer-events.ts';

export function createCampaignActivities(deps: { db: Db; events: EventLogWriter; campaigns: readonly CampaignCalendar[] }) {
  return {
    /**
     * Opens every window that opens on `date` (YYYY-MM-DD). A campaign an operator stopped or
     * disabled is not opened: its customers would only enter to leave. Retried whole, it
     * writes the same event ids again.
     */
    async openHolidayCampaignWindows({ date }: { date: string }): Promise<CampaignWindowsOpened> {
      const report: CampaignWindowsOpened = { date, windows: [], skipped: [] };
      for (const campaign of deps.campaigns) {
        const windows = windowsOpeningOn(campaign, date);
        if (windows.length === 0) continue;
        if ((await journeyState(deps.db, campaign.id)) === 'stopped') {
          report.skipped.push({ campaignId: campaign.id, reason: 'stopped' });
          continue;
        }
        if (!(await journeySettings(deps.db, campaign.id)).enabled) {
          report.skipped.push({ campaignId: campaign.id, reason: 'disabled' });
          continue;
        }
        for (const window of windows) {
          const customers = await openWindow({ db: deps.db, log: deps.events }, window, new Date());
          report.windows.push({ campaignId: campaign.id, place: window.place, occurrence: window.occurrence, customers });
        }
      }
      return report;
    },
  };
}
