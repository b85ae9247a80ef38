/**
 * The loyalty program's rules (LOYALTY_* settings): what earns points and how many, when
 * points expire, the tiers and the milestones. They are projection rules: the ledger is
 * rebuilt under the rules configured when the rebuild runs.
 */

export interface LoyaltyTier {
  name: string;
  /** Points earned, or spend in shop currency units, over the last 12 months. */
  threshold: number;
}

export interface LoyaltyRules {
  /** Points per unit of the shop's currency spent (orders in other currencies are converted first). */
  pointsPerUnit: number;
  /** Points for a customer's first review of a product. */
  reviewPoints: number;
  /** Points for the referrer of a successful referral (`Referral Rewarded`). */
  referralPoints: number;
  /** Months after which earned points expire. */
  expiryMonths: number;
  /** What tiers are judged on over the last 12 months. */
  tierBasis: 'points' | 'spend';
  /** Lowest threshold first. */
  tiers: readonly LoyaltyTier[];
  /** Lifetime points that earn a milestone reward, lowest first. */
  milestones: readonly number[];
}

export const defaultLoyaltyRules: LoyaltyRules = Object.freeze({
  pointsPerUnit: 1,
  reviewPoints: 50,
  referralPoints: 500,
  expiryMonths: 12,
  tierBasis: 'points',
  tiers: Object.freeze([
    { name: 'bronze', threshold: 500 },
    { name: 'silver', threshold: 1500 },
    { name: 'gold', threshold: 5000 },
  ]),
  milestones: Object.freeze([1000, 5000, 10000]),
});

const TIER_NAME = /^[a-z][a-z0-9-]{0,49}$/;

/** "bronze:500,silver:1500,gold:5000": names (lowercase) with rising thresholds; "off" for no tiers. */
export function parseTiers(text: string): LoyaltyTier[] {
  if (text.trim() === 'off') return [];
  const tiers = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name = '', threshold = ''] = entry.split(':').map((part) => part.trim());
      if (!TIER_NAME.test(name)) throw new Error(`"${entry}": a tier name is lowercase letters, digits and dashes, e.g. gold:5000`);
      const value = Number(threshold);
      if (!/^\d+$/.test(threshold) || value <= 0)
        throw new Error(`"${entry}": the threshold must be a whole number above 0, e.g. gold:5000`);
      return { name, threshold: value };
    });
  tiers.forEach((tier, index) => {
    const before = tiers[index - 1];
    if (before && tier.threshold <= before.threshold)
      throw new Error(`"${tier.name}:${tier.threshold}" must have a higher threshold than "${before.name}:${before.threshold}" before it`);
    if (tiers.findIndex((other) => other.name === tier.name) !== index) throw new Error(`tier "${tier.name}" is named twice`);
  });
  return tiers;
}

/** "1000,5000,10000": rising lifetime point counts; "off" for none. */
export function parseMilestones(text: string): number[] {
  if (text.trim() === 'off') return [];
  const milestones = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((entry) => {
      if (!/^\d+$/.test(entry) || Number(entry) <= 0) throw new Error(`"${entry}" must be a whole number of points above 0`);
      return Number(entry);
    });
  milestones.forEach((milestone, index) => {
    if (index > 0 && milestone <= milestones[index - 1]!) throw new Error(`milestones must rise: ${milestones.join(',')}`);
  });
  return milestones;
}

/** The highest tier whose threshold the qualifying amount reaches; null below the lowest. */
export function tierFor(tiers: readonly LoyaltyTier[], qualifying: number): string | null {
  let reached: string | null = null;
  for (const tier of tiers) if (qualifying >= tier.threshold) reached = tier.name;
  return reached;
}

/** The highest milestone reached that is above the last one rewarded; null for none. */
export function milestoneCrossed(milestones: readonly number[], lifetimePoints: number, lastRewarded: number): number | null {
  const reached = milestones.filter((milestone) => milestone <= lifetimePoints && milestone > lastRewarded);
  return reached.length ? reached[reached.length - 1]! : null;
}

/**
 * Calendar months later in UTC, the day kept where the month has it (31 January + 1 month is
 * 28 or 29 February): points earned at a moment expire at the same moment months later.
 */
export function addMonthsUtc(at: Date, months: number): Date {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  target.setUTCHours(at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds());
  return target;
}

/** A lot of points, as allocation sees it. */
export interface OpenLot {
  lotId: string;
  remaining: number;
}

/**
 * Takes `points` from lots given oldest first (the order they expire in): each is emptied
 * before the next is touched. Returns what to take from each, and what no lot covered.
 */
export function allocateOldestFirst(
  lots: readonly OpenLot[],
  points: number,
): { taken: { lotId: string; points: number }[]; uncovered: number } {
  const taken: { lotId: string; points: number }[] = [];
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) taken.push({ lotId: lot.lotId, points: take });
    left -= take;
  }
  return { taken, uncovered: left };
}
