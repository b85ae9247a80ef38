/**
 * Quiet hours in the customer's own time zone: a marketing message must not wake anyone
 * up. Local time comes from Intl (the IANA database Node ships), so DST is handled.
 */
import type { Channel } from '../../schemas/primitives.ts';

export interface QuietHours {
  /** Minutes after local midnight; the quiet span may wrap midnight (21:00–08:00). */
  startMinute: number;
  endMinute: number;
  channels: readonly Channel[];
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
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
function localTimeOfDayMs(at: Date, timeZone: string): number {
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(formatterFor(timeZone).formatToParts(at).find((p) => p.type === type)?.value ?? 0);
  return ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + at.getUTCMilliseconds();
}

const isQuiet = (quiet: QuietHours, minute: number) =>
  quiet.startMinute <= quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;

/** The end of the quiet span `at` falls in, or null when `at` is not quiet. */
export function quietUntil(quiet: QuietHours, at: Date, timeZone: string): Date | null {
  const localMs = localTimeOfDayMs(at, timeZone);
  if (!isQuiet(quiet, Math.floor(localMs / MINUTE))) return null;
  const ahead = (quiet.endMinute * MINUTE - localMs + DAY_MINUTES * MINUTE) % (DAY_MINUTES * MINUTE);
  const end = new Date(at.getTime() + ahead);
  // A DST change inside the span moves the wall clock by its offset: correct once by the
  // difference between the local time reached and the one wanted.
  const drift = localTimeOfDayMs(end, timeZone) - quiet.endMinute * MINUTE;
  return drift === 0 || Math.abs(drift) > 3 * 60 * MINUTE ? end : new Date(end.getTime() - drift);
}

/** "21:00-08:00" → minutes; "off" → null. Throws naming the problem. */
export function parseQuietHours(text: string, channels: readonly Channel[]): QuietHours | null {
  if (text.trim() === 'off') return null;
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  const minutes = (hour: string, minute: string) => (Number(hour) < 24 && Number(minute) < 60 ? Number(hour) * 60 + Number(minute) : NaN);
  const startMinute = match ? minutes(match[1]!, match[2]!) : NaN;
  const endMinute = match ? minutes(match[3]!, match[4]!) : NaN;
  if (Number.isNaN(startMinute) || Number.isNaN(endMinute) || startMinute === endMinute) {
    throw new Error(`quiet hours "${text}" must be "HH:MM-HH:MM" (e.g. 21:00-08:00, a non-empty span) or "off"`);
  }
  return { startMinute, endMinute, channels };
}
