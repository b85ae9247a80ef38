/**
 * Frequency caps per customer and channel across all journeys: at most `limit` marketing
 * messages in any sliding `window`. A capped send is delayed until the oldest counted
 * send leaves the window, never dropped.
 */
import { Channel } from '../../../schemas/primitives.ts';
import { parseShortDuration } from '../short-duration.ts';

export interface FrequencyCap {
  channel: Channel;
  limit: number;
  windowMs: number;
  /** As configured, e.g. "email:2/24h": what operators and outcomes see. */
  label: string;
}

/** "email:2/24h,email:5/7d,sms:1/24h" → caps; "" or "off" → none. Throws naming each bad item. */
export function parseFrequencyCaps(text: string): FrequencyCap[] {
  if (text.trim() === '' || text.trim() === 'off') return [];
  const problems: string[] = [];
  const caps: FrequencyCap[] = [];
  for (const item of text.split(',').map((part) => part.trim())) {
    const match = /^([a-z_]+):(\d+)\/(\w+)$/.exec(item);
    const channel = Channel.safeParse(match?.[1]);
    const windowMs = match?.[3] ? parseShortDuration(match[3]) : null;
    if (!match || !channel.success || Number(match[2]) < 1 || windowMs === null) {
      problems.push(
        `"${item}" must be <channel>:<limit>/<window> such as email:2/24h (channels: ${Channel.options.join(', ')}; units m, h, d)`,
      );
      continue;
    }
    caps.push({ channel: channel.data, limit: Number(match[2]), windowMs, label: item });
  }
  if (problems.length > 0) throw new Error(`frequency caps: ${problems.join('; ')}`);
  return caps;
}

/** The longest window of the channel's caps: how far back the sends that matter go. */
export const lookback = (caps: readonly FrequencyCap[], channel: Channel) =>
  Math.max(0, ...caps.filter((cap) => cap.channel === channel).map((cap) => cap.windowMs));

/**
 * The earliest time at or after `at` when every cap of the channel has room for one more
 * send, given the customer's earlier send times. Later times only empty the windows, so
 * taking the latest of the per-cap answers satisfies them all.
 */
export function capsAllowAt(caps: readonly FrequencyCap[], channel: Channel, at: number, sendTimes: readonly number[]): number {
  let allowed = at;
  for (const cap of caps) {
    if (cap.channel !== channel) continue;
    const inWindow = sendTimes.filter((sent) => sent > at - cap.windowMs).sort((a, b) => a - b);
    const excess = inWindow.length - cap.limit;
    // The window has room once the (excess+1) oldest sends have left it.
    if (excess >= 0) allowed = Math.max(allowed, inWindow[excess]! + cap.windowMs);
  }
  return allowed;
}
