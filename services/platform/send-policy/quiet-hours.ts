/**
 * Quiet hours in the customer's own time zone: a marketing message must not wake anyone
 * up. Local time comes from Intl (the IANA database Node ships), so DST is handled.
 */
import type { Channel } from '../../../schemas/primitives.ts';
import { localTimeOfDayMs, nextLocalTime } from '../local-time.ts';

export interface QuietHours {
  /** Minutes after local midnight; the quiet span may wrap midnight (21:00–08:00). */
  startMinute: number;
  endMinute: number;
  channels: readonly Channel[];
}

const MINUTE = 60_000;

const isQuiet = (quiet: QuietHours, minute: number) =>
  quiet.startMinute <= quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;

/** The end of the quiet span `at` falls in, or null when `at` is not quiet. */
export function quietUntil(quiet: QuietHours, at: Date, timeZone: string): Date | null {
  if (!isQuiet(quiet, Math.floor(localTimeOfDayMs(at, timeZone) / MINUTE))) return null;
  return nextLocalTime(at, quiet.endMinute, timeZone);
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
