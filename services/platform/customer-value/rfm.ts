/**
 * RFM as the practice reads it: recency, frequency and monetary scores 1–5 (quintiles of the
 * active base, ties sharing a score), the three-digit cell, and the named group of each
 * (recency, frequency) pair, the grid marketers use.
 */

import type { RfmGroup } from '../../../schemas/customer-value.ts';

/**
 * Rows: recency score 5 (bought most recently) down to 1; columns: frequency score 1 to 5.
 * Every cell is named, so every active customer is in exactly one group.
 */
const grid: Record<number, readonly RfmGroup[]> = {
  5: ['new', 'potential-loyalists', 'potential-loyalists', 'champions', 'champions'],
  4: ['promising', 'potential-loyalists', 'potential-loyalists', 'loyal', 'champions'],
  3: ['about-to-sleep', 'about-to-sleep', 'need-attention', 'loyal', 'loyal'],
  2: ['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cant-lose'],
  1: ['lost', 'lost', 'at-risk', 'at-risk', 'cant-lose'],
};

export function rfmGroupOf(recency: number, frequency: number): RfmGroup {
  const group = grid[recency]?.[frequency - 1];
  if (!group) throw new RangeError(`RFM scores run from 1 to 5, not R${recency} F${frequency}`);
  return group;
}

/** The grid as SQL, for the recompute that scores a million customers in one statement. */
export function rfmGroupSql(recency: string, frequency: string): string {
  const cases = Object.entries(grid).flatMap(([r, row]) =>
    row.map((group, f) => `when ${recency} = ${r} and ${frequency} = ${f + 1} then '${group}'`),
  );
  return `case ${cases.join(' ')} end`;
}
