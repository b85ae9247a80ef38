/**
 * What keeps holiday campaigns, as written in workflows/campaigns/, from working, all at
 * once: the worker logs them at boot (a campaign with its own problems is not opened, see
 * activities/campaigns.ts) and `journeys campaigns list` shows them. Without this, a
 * misspelt holiday or place would open no window, silently, and a window that opens after
 * its holiday, or on top of another, would send nonsense.
 */
import { parseTimeOfDay } from '../local-time.ts';
import { addDays, countryOf, windowsOf, type CampaignCalendar, type CampaignWindow, type Place } from './holiday-windows.ts';

export interface CampaignProblem {
  campaignId: string;
  problem: string;
}

const PLACE = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

/** Every problem of every campaign, judged over the year from `today` (YYYY-MM-DD). */
export function campaignProblems(campaigns: readonly CampaignCalendar[], today: string): CampaignProblem[] {
  return [...campaigns.flatMap((campaign) => ownProblems(campaign, today)), ...overlapsBetween(campaigns, today)];
}

/** One campaign's problems alone: what the nightly run checks before opening it. */
export function ownProblems(campaign: CampaignCalendar, today: string): CampaignProblem[] {
  const problem = (text: string) => ({ campaignId: campaign.id, problem: text });
  const problems: CampaignProblem[] = [];
  if (campaign.where.length === 0) problems.push(problem('where lists no place'));
  if (!Number.isInteger(campaign.opensDaysBefore) || campaign.opensDaysBefore < 0)
    problems.push(
      problem(`opensDaysBefore is ${campaign.opensDaysBefore}: a window opens a whole number of days before its holiday, or on it (0)`),
    );
  if (!validTime(campaign.sendAt)) problems.push(problem(`sendAt "${campaign.sendAt}" is not a time of day (HH:MM)`));
  for (const place of campaign.where) {
    if (!PLACE.test(place)) problems.push(problem(`${place} is not a country (FR) or a region (CA-ON)`));
    else if (place.includes('-') && campaign.where.includes(countryOf(place)))
      problems.push(problem(`${place} is inside ${countryOf(place)}, which it lists too`));
  }
  const { windows, unreadable } = comingWindows(campaign, today);
  problems.push(...unreadable.map(({ error }) => problem(error)));
  for (const place of campaign.where.filter((each) => PLACE.test(each) && !unreadable.some((one) => one.place === each))) {
    if (!windows.some((window) => window.place === place))
      problems.push(problem(`${place} does not keep "${campaign.holiday}" in the year from ${today}`));
  }
  // A window opening before the previous year's holiday: customers would be in two at once.
  for (const [earlier, later] of consecutive(windowsAround(campaign, today)))
    if (later.opensOn <= earlier.holidayOn)
      problems.push(
        problem(
          `in ${later.place} the ${later.occurrence} window opens (${later.opensOn}) before the ${earlier.occurrence} holiday (${earlier.holidayOn})`,
        ),
      );
  return problems;
}

function validTime(text: string): boolean {
  try {
    parseTimeOfDay(text);
    return /^\d{2}:\d{2}$/.test(text);
  } catch {
    return false;
  }
}

/** The campaign's windows whose holiday falls in the year from `today`, and the places the calendar cannot read. */
function comingWindows(campaign: CampaignCalendar, today: string) {
  const until = addDays(today, 365);
  const year = Number(today.slice(0, 4));
  const windows: CampaignWindow[] = [];
  const unreadable: { place: Place; error: string }[] = [];
  for (const place of campaign.where.filter((each) => PLACE.test(each))) {
    try {
      const years = [year, year + 1].flatMap((each) => windowsOf({ ...campaign, where: [place] }, each));
      windows.push(...years.filter((window) => window.holidayOn >= today && window.holidayOn < until));
    } catch (error) {
      unreadable.push({ place, error: (error as Error).message });
    }
  }
  return { windows, unreadable };
}

/** Each place's windows of three years around `today`, in order, for places the calendar reads. */
function windowsAround(campaign: CampaignCalendar, today: string): CampaignWindow[] {
  const year = Number(today.slice(0, 4));
  return campaign.where.flatMap((place) => {
    try {
      return [year, year + 1, year + 2].flatMap((each) => windowsOf({ ...campaign, where: [place] }, each));
    } catch {
      return [];
    }
  });
}

function consecutive(windows: CampaignWindow[]): [CampaignWindow, CampaignWindow][] {
  return windows.flatMap((window, i) => {
    const next = windows[i + 1];
    return next && next.place === window.place ? [[window, next] as [CampaignWindow, CampaignWindow]] : [];
  });
}

/** A place inside another (a region in its country) or the same: their customers overlap. */
const covers = (a: Place, b: Place) => a === b || countryOf(a) === b || countryOf(b) === a;

/** Two campaigns whose windows overlap for the same customers: each would offer at once. */
function overlapsBetween(campaigns: readonly CampaignCalendar[], today: string): CampaignProblem[] {
  const coming = new Map(campaigns.map((campaign) => [campaign.id, comingWindows(campaign, today)]));
  const problems: CampaignProblem[] = [];
  campaigns.forEach((one, i) => {
    for (const other of campaigns.slice(i + 1)) {
      for (const a of coming.get(one.id)!.windows)
        for (const b of coming.get(other.id)!.windows) {
          if (!covers(a.place, b.place) || a.opensOn > b.holidayOn || b.opensOn > a.holidayOn) continue;
          const span = (w: CampaignWindow) => `${w.place} ${w.opensOn}..${w.holidayOn}`;
          problems.push({ campaignId: one.id, problem: `its window (${span(a)}) overlaps ${other.id}'s (${span(b)})` });
          problems.push({ campaignId: other.id, problem: `its window (${span(b)}) overlaps ${one.id}'s (${span(a)})` });
        }
    }
  });
  return problems;
}
