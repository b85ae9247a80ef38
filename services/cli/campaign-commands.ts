/**
 * `journeys campaigns list|open|stop`: the holiday campaigns of workflows/campaigns/. A
 * campaign is a journey, so its switch is the journey's (`campaigns stop` is `journey stop`);
 * `open` writes a window's events now, as the nightly run would on its day.
 */
import type { Config } from '../platform/config.ts';
import { campaignProblems, ownProblems } from '../platform/campaigns/campaign-problems.ts';
import { nextWindows, type CampaignWindow } from '../platform/campaigns/holiday-windows.ts';
import { openWindow } from '../platform/campaigns/window-openings.ts';
import { journeySettings, journeyState } from '../platform/db/journey-controls.ts';
import type { Db } from '../platform/db/pool.ts';
import type { Logger } from '../platform/logger.ts';
import { findCampaign, holidayCampaigns } from '../../workflows/campaigns/index.ts';
import type { HolidayCampaign } from '../../workflows/campaigns/define.ts';
import { withDb, withEventLog } from './connections.ts';
import { UsageError } from './usage-error.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);
const today = () => new Date().toISOString().slice(0, 10);

/** A date as operators type it; refused unless it is a real calendar day. */
export function parseDate(text: string | undefined): string {
  if (text === undefined) return today();
  const day = Date.parse(`${text}T00:00:00Z`);
  // Date.parse rolls 2027-02-30 over into March: the day must read back as typed.
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(day) && new Date(day).toISOString().startsWith(text);
  if (!valid) throw new UsageError(`--date must be a day such as 2027-05-23, not "${text}"`);
  return text;
}

/** A mistyped id is refused before any connection: the campaigns are code. */
export function knownCampaign(campaignId: string): HolidayCampaign {
  const campaign = findCampaign(campaignId);
  if (!campaign)
    throw new UsageError(`unknown campaign "${campaignId}" (campaigns: ${holidayCampaigns.map((each) => each.id).join(', ')})`);
  return campaign;
}

/** Active, paused or stopped (the kill switch), and disabled when nobody may enter. */
async function stateOf(db: Db, campaignId: string): Promise<string> {
  const state = await journeyState(db, campaignId);
  return (await journeySettings(db, campaignId)).enabled ? state : `${state}, disabled`;
}

/** A place the calendar cannot read has no windows: the campaign's problems say why. */
function nextWindowsWhereKnown(campaign: HolidayCampaign, from: string) {
  return campaign.where.flatMap((place) => {
    try {
      return nextWindows({ ...campaign, where: [place] }, from).map(({ holidayOn, opensOn }) => ({ place, holidayOn, opensOn }));
    } catch {
      return [];
    }
  });
}

/** Each campaign with its state, next windows and what keeps it from working as written. */
export async function campaignListing(db: Db, campaigns: readonly HolidayCampaign[], from: string) {
  const problems = campaignProblems(campaigns, from);
  const listed = [];
  for (const campaign of campaigns) {
    listed.push({
      id: campaign.id,
      holiday: campaign.holiday,
      where: campaign.where,
      state: await stateOf(db, campaign.id),
      windows: nextWindowsWhereKnown(campaign, from),
      problems: problems.filter((each) => each.campaignId === campaign.id).map((each) => each.problem),
    });
  }
  return listed;
}

export async function listCampaignsCommand(config: Config, format: 'table' | 'json'): Promise<void> {
  const rows = await withDb(config, (db) => campaignListing(db, holidayCampaigns, today()));
  if (format === 'json') {
    print(JSON.stringify(rows, null, 2));
    return;
  }
  for (const row of rows) {
    print(`${row.id}  ${row.state}  "${row.holiday}" in ${row.where.join(', ')}`);
    for (const window of row.windows) print(`  ${window.place.padEnd(6)} opens ${window.opensOn}, holiday ${window.holidayOn}`);
    for (const problem of row.problems) print(`  cannot work: ${problem}`);
  }
}

export async function openCampaignCommand(
  { config, logger }: { config: Config; logger: Logger },
  request: { campaignId: string; date: string },
): Promise<void> {
  const campaign = knownCampaign(request.campaignId);
  const problems = ownProblems(campaign, request.date);
  if (problems.length > 0) {
    // As the nightly run does: a campaign that cannot work as written is not opened.
    for (const { problem } of problems) print(`${campaign.id} cannot work: ${problem}`);
    print(`${campaign.id}: nothing opened`);
    return;
  }
  const windows: CampaignWindow[] = nextWindows(campaign, request.date);
  await withDb(config, async (db) => {
    const state = await stateOf(db, campaign.id);
    if (state !== 'active') {
      // Its customers would only enter to leave: `journeys journey resume|enable` first.
      print(`${campaign.id} is ${state}: nothing opened`);
      return;
    }
    await withEventLog(config, logger, async (log) => {
      for (const window of windows) {
        const customers = await openWindow({ db, log }, window, new Date());
        print(`${campaign.id} ${window.occurrence} ${window.place}: opened for ${customers} customer(s), offer on ${window.opensOn}`);
      }
      print('(customers opened before are not opened again: the same event ids, dropped as repeats)');
    });
  });
}
