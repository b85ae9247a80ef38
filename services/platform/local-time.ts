/**
 * Local time in a customer's zone, from Intl (the IANA database Node ships), so DST is
 * handled: quiet hours and journeys that wait until a time of the customer's day use it.
 */
import type { Anniversary } from '../../schemas/journey.ts';

const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Milliseconds since local midnight of `at` in `timeZone`. */
export function localTimeOfDayMs(at: Date, timeZone: string): number {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(
      formatterFor(timeZone)
        .formatToParts(at)
        .find((p) => p.type === type)?.value ?? 0,
    );
  return ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + at.getUTCMilliseconds();
}

/** The first moment at or after `at` when the local clock in `timeZone` shows `minuteOfDay`. */
export function nextLocalTime(at: Date, minuteOfDay: number, timeZone: string): Date {
  const ahead = (minuteOfDay * MINUTE - localTimeOfDayMs(at, timeZone) + DAY_MS) % DAY_MS;
  const next = new Date(at.getTime() + ahead);
  // A DST change inside the span moves the wall clock by its offset: correct once by the
  // difference between the local time reached and the one wanted.
  const drift = localTimeOfDayMs(next, timeZone) - minuteOfDay * MINUTE;
  return drift === 0 || Math.abs(drift) > 3 * 60 * MINUTE ? next : new Date(next.getTime() - drift);
}

/** "HH:MM" (24-hour) → minutes after midnight; throws naming the text otherwise. */
export function parseTimeOfDay(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a time of day such as 08:00 or 21:30`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** A calendar date as the customer's wall calendar shows it. */
export interface LocalDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(at: Date, timeZone: string): LocalDate & { hour: number; minute: number; second: number } {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    const numeric = 'numeric' as const;
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      ...{ year: numeric, month: numeric, day: numeric, hour: numeric, minute: numeric, second: numeric },
    });
    dateFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** The date the customer's calendar shows at `at`. */
export function localDateOf(at: Date, timeZone: string): LocalDate {
  const { year, month, day } = wallClock(at, timeZone);
  return { year, month, day };
}

/** How far `timeZone`'s clock is ahead of UTC at `at` (ms). */
function offsetMs(at: number, timeZone: string): number {
  const wall = wallClock(new Date(at), timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - (at - (at % 1000));
}

/**
 * The moment the local clock in `timeZone` shows `minuteOfDay` on `date`. In a DST gap (a
 * time that does not exist that day) it is the same moment an hour on.
 */
export function instantOfLocalTime(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE;
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** A yearly date in `year`: 29 February falls on 28 February in other years. */
export function yearlyDateIn(year: number, month: number, day: number): LocalDate {
  return month === 2 && day === 29 && !isLeapYear(year) ? { year, month, day: 28 } : { year, month, day };
}

/**
 * The first moment after `after` when the customer's clock shows `minuteOfDay` on the
 * yearly date (a birthday, an anniversary), with the year it falls in.
 */
export function nextYearlyLocalTime(
  yearly: { month: number; day: number },
  minuteOfDay: number,
  timeZone: string,
  after: Date,
): { at: Date; year: number } {
  for (let year = localDateOf(after, timeZone).year - 1; ; year += 1) {
    const at = instantOfLocalTime(yearlyDateIn(year, yearly.month, yearly.day), minuteOfDay, timeZone);
    if (at.getTime() > after.getTime()) return { at, year };
  }
}

/** When the occasion next comes at `time` (HH:MM) local after `after` (ISO), and in which year. */
export function nextAnniversary(request: { of: Anniversary; time: string; after: string }, timeZone: string): { at: string; year: number } {
  const { of, time, after } = request;
  let yearly: { month: number; day: number };
  let from = new Date(after);
  if ('since' in of) {
    yearly = localDateOf(new Date(of.since), timeZone);
    // Not the day itself: a sign-up at 08:30 has its first anniversary a year later, not at 09:00.
    from = new Date(Math.max(from.getTime(), Date.parse(of.since) + DAY_MS));
  } else {
    const match = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.exec(of.monthDay);
    if (!match) throw new Error(`"${of.monthDay}" is not a month and day such as 02-29`);
    yearly = { month: Number(match[1]), day: Number(match[2]) };
  }
  const next = nextYearlyLocalTime(yearly, parseTimeOfDay(time), timeZone, from);
  return { at: next.at.toISOString(), year: next.year };
}
