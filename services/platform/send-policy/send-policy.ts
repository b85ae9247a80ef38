/**
 * When a marketing message may go: frequency caps across journeys and quiet hours in the
 * customer's time zone. The answer is a time, not a yes/no: a send that may not go now
 * waits for it (a durable timer in the journey), so nothing is dropped for being early.
 */
import { isTimeZone, type Channel } from '../../../schemas/primitives.ts';
import { capsAllowAt, lookback, type FrequencyCap } from './frequency-caps.ts';
import { quietUntil, type QuietHours } from './quiet-hours.ts';

export interface SendPolicy {
  caps: readonly FrequencyCap[];
  quietHours: QuietHours | null;
  /** The shop's zone, for customers whose own zone is unknown (or not a real zone). */
  defaultTimeZone: string;
  /** No marketing to customers in the bottom 20% by RFM (the practice's rule); transactional sends always go. */
  suppressBottom20: boolean;
  /**
   * Marketing consent lapses this many calendar months after it was given (CONSENT_LAPSE_MONTHS).
   * The re-permission journey writes `Consent Expired` at the lapse; the gate also counts an
   * older grant as lapsed, so one without a run (given before re-permission shipped, or while
   * a worker was away) stops marketing on time too.
   */
  consentLapseMonths: number;
}

export type DeferReason = 'frequency-cap' | 'quiet-hours';
export interface Deferral {
  until: Date;
  reason: DeferReason;
}

/** How far back the customer's send times matter for this channel. */
export const sendHistoryWindowMs = (policy: SendPolicy, channel: Channel) => lookback(policy.caps, channel);

export function deferral(
  policy: SendPolicy,
  send: { channel: Channel; at: Date; sendTimes: readonly Date[]; timeZone: string | null },
): Deferral | null {
  const timeZone = send.timeZone && isTimeZone(send.timeZone) ? send.timeZone : policy.defaultTimeZone;
  const sendTimes = send.sendTimes.map((time) => time.getTime());
  const quiet = policy.quietHours?.channels.includes(send.channel) ? policy.quietHours : null;
  let at = send.at.getTime();
  let reason: DeferReason | undefined;
  // Caps first, then quiet hours; moving later never breaks a cap again, but the end of a
  // cap's wait can land in quiet hours, so a second round settles it.
  for (let round = 0; round < 3; round++) {
    const capped = capsAllowAt(policy.caps, send.channel, at, sendTimes);
    if (capped > at) {
      at = capped;
      reason ??= 'frequency-cap';
    }
    const quietEnd = quiet ? quietUntil(quiet, new Date(at), timeZone) : null;
    if (!quietEnd) break;
    at = quietEnd.getTime();
    reason ??= 'quiet-hours';
  }
  return reason ? { until: new Date(at), reason } : null;
}
