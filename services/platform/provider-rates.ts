/**
 * Send rates per provider (channel), in messages per second across all workers: SMTP
 * relays, Twilio numbers (1/s for a long code, more for toll-free and short codes), push
 * services and Lob each throttle senders; going over only earns 429s and blocks.
 */
import { Channel } from '../../schemas/primitives.ts';

export type SendRates = Record<Channel, number>;

/** "email:50/s,sms:10/s": the rates set; each channel's spec has its default. Throws naming each bad item. */
export function parseSendRates(text: string): Partial<SendRates> {
  const rates: Partial<SendRates> = {};
  const problems: string[] = [];
  for (const item of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z_]+):(\d+(?:\.\d+)?)\/s$/.exec(item);
    const channel = Channel.safeParse(match?.[1]);
    if (!match || !channel.success || Number(match[2]) <= 0) {
      problems.push(`"${item}" must be <channel>:<messages>/s such as sms:10/s (channels: ${Channel.options.join(', ')})`);
      continue;
    }
    rates[channel.data] = Number(match[2]);
  }
  if (problems.length > 0) throw new Error(`send rates: ${problems.join('; ')}`);
  return rates;
}
