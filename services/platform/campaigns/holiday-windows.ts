/**
 * When a holiday campaign's windows open, place by place, from a maintained holiday calendar
 * (date-holidays: public, regional and observed days of some 200 countries and their
 * regions). Each place keeps the holiday on its own date: Mother's Day is the last Sunday of
 * May in France, the second Sunday of May in the US, three weeks before Easter in Britain.
 * Only activities and the CLI call this: the calendar's data changes between releases, so
 * workflow code, which must replay identically, never reads it.
 */
import Holidays from 'date-holidays';

const DAY_MS = 86_400_000;

/** A country (`FR`) or one region of it (`CA-ON`, ISO 3166-2), as the holiday calendar names them. */
export type Place = string;
export const countryOf = (place: Place) => place.slice(0, 2);

/**
 * What of a campaign (workflows/campaigns/) the calendar needs. The campaigns are handed in
 * by the composition root and the CLI: this layer sits below the workflows that define them.
 */
export interface CampaignCalendar {
  id: string;
  /** The holiday's English name in the calendar of each place. */
  holiday: string;
  where: readonly Place[];
  opensDaysBefore: number;
  /** The customer's time of day the offer goes out ("HH:MM"). */
  sendAt: string;
}

/** One place's window of one campaign in one year; dates as the place's calendar shows them. */
export interface CampaignWindow {
  campaignId: string;
  place: Place;
  /** The holiday's year: a customer enters each campaign once per occurrence. */
  occurrence: string;
  holidayOn: string;
  opensOn: string;
}

const calendars = new Map<Place, Holidays>();

/** The calendar of a country, or of a region with its country's holidays too (what date-holidays calls a state). */
function calendarOf(place: Place): Holidays {
  let calendar = calendars.get(place);
  if (!calendar) {
    const [country, region] = place.split('-') as [string, string | undefined];
    const known = new Holidays().getCountries('en');
    if (!Object.hasOwn(known, country)) throw new Error(`no holiday calendar for the country ${country} (${place})`);
    // date-holidays falls back to the country's calendar for a region it does not know: that would be another place's.
    if (region !== undefined && !Object.hasOwn(new Holidays().getStates(country, 'en') ?? {}, region))
      throw new Error(`no holiday calendar for the region ${place}`);
    calendar = region === undefined ? new Holidays(country) : new Holidays(country, region);
    calendars.set(place, calendar);
  }
  return calendar;
}

/** The holiday's date in the place that year (YYYY-MM-DD), or null where it is not kept; substitute days off are not the holiday. */
export function holidayDate(holiday: string, place: Place, year: number): string | null {
  const found = calendarOf(place)
    .getHolidays(year, 'en')
    .find((day) => day.name === holiday && !day.substitute);
  return found ? found.date.slice(0, 10) : null;
}

export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Each place's window of the campaign for the holiday of `year` (none where the place does not keep it that year). */
export function windowsOf(campaign: CampaignCalendar, year: number): CampaignWindow[] {
  return campaign.where.flatMap((place) => {
    const holidayOn = holidayDate(campaign.holiday, place, year);
    if (holidayOn === null) return [];
    return [
      { campaignId: campaign.id, place, occurrence: String(year), holidayOn, opensOn: addDays(holidayOn, -campaign.opensDaysBefore) },
    ];
  });
}

/** The windows that open on `date` (YYYY-MM-DD): this year's holidays, and next January's opening in December. */
export function windowsOpeningOn(campaign: CampaignCalendar, date: string): CampaignWindow[] {
  const year = Number(date.slice(0, 4));
  return [...windowsOf(campaign, year), ...windowsOf(campaign, year + 1)].filter((window) => window.opensOn === date);
}

/**
 * The windows due by the night before `date` (YYYY-MM-DD, the day the nightly run opens
 * for): those that open on or before it and whose holiday still lasts somewhere, so a night
 * the schedule missed (the worker down, the run failed) is caught up by the next. The
 * earliest calendar on earth is a day behind UTC, so a holiday lasts until two days before
 * `date`; a customer whose own calendar is already past it leaves as 'holiday-over'.
 */
export function windowsDue(campaign: CampaignCalendar, date: string): CampaignWindow[] {
  const year = Number(date.slice(0, 4));
  const lastsUntil = addDays(date, -2);
  return [year - 1, year, year + 1]
    .flatMap((each) => windowsOf(campaign, each))
    .filter((window) => window.opensOn <= date && window.holidayOn >= lastsUntil);
}

/** Per place, the first window whose holiday is on or after `date`: what an operator opens by hand. */
export function nextWindows(campaign: CampaignCalendar, date: string): CampaignWindow[] {
  const year = Number(date.slice(0, 4));
  const ahead = [year, year + 1].flatMap((each) => windowsOf(campaign, each)).filter((window) => window.holidayOn >= date);
  return campaign.where.flatMap((place) => ahead.find((window) => window.place === place) ?? []);
}
