/**
 * Local time in a customer's zone, from Intl (the IANA database Node ships), so DST is
 * handled: quiet hours and journeys that wait until a time of the customer's day use it.
 */
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
