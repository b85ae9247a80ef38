/**
 * Whether a customer may enter a journey (again), and under which workflow id key. Pure:
 * the customer workflow keeps the entry counts, carried across continue-as-new.
 */
import type { Entries } from '../../schemas/customer.ts';
import { durationMs, type Duration } from './duration.ts';
import { journeyTimeScale } from './journey-time.ts';

/**
 * once: a customer enters once, ever (a welcome series); once-per-key: once per trigger
 * key, e.g. per cart; otherwise again after a cooldown, at most `maxEntries` times.
 */
export type ReentryRule = 'once' | 'once-per-key' | { cooldown: Duration; maxEntries?: number };

/**
 * The key of the journey's workflow id for this entry, or null when the rule keeps the
 * customer out. The key is deterministic, so a repeated trigger finds the same workflow.
 */
export function entryKey(
  rule: ReentryRule,
  options: { triggerKey: string; entries: Entries | undefined; now: number; timeScale?: number },
): string | null {
  if (rule === 'once-per-key') return options.triggerKey;
  if (rule === 'once') return options.entries ? null : 'once';
  const { count, lastAt } = options.entries ?? { count: 0, lastAt: Number.NEGATIVE_INFINITY };
  if (rule.maxEntries !== undefined && count >= rule.maxEntries) return null;
  if (options.now - lastAt < durationMs(rule.cooldown) * (options.timeScale ?? journeyTimeScale)) return null;
  return `entry-${count + 1}`;
}
