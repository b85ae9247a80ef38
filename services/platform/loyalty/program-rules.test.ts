import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonthsUtc, allocateOldestFirst, milestoneCrossed, parseMilestones, parseTiers, tierFor } from './program-rules.ts';

describe('loyalty program rules', () => {
  it('reads tiers with rising thresholds and names the entry at fault otherwise', () => {
    assert.deepEqual(parseTiers('bronze:500, silver:1500,gold:5000'), [
      { name: 'bronze', threshold: 500 },
      { name: 'silver', threshold: 1500 },
      { name: 'gold', threshold: 5000 },
    ]);
    assert.deepEqual(parseTiers('off'), []);
    assert.throws(() => parseTiers('gold:5000,silver:1500'), /"silver:1500" must have a higher threshold than "gold:5000"/);
    assert.throws(() => parseTiers('Gold:5000'), /"Gold:5000": a tier name is lowercase/);
    assert.throws(() => parseTiers('gold:lots'), /"gold:lots": the threshold must be a whole number/);
    assert.throws(() => parseMilestones('1000,500'), /milestones must rise/);
    assert.throws(() => parseMilestones('1000,x'), /"x" must be a whole number/);
  });

  it('places a customer in the highest tier reached, and rewards only the highest milestone newly crossed', () => {
    const tiers = parseTiers('bronze:500,silver:1500,gold:5000');
    assert.equal(tierFor(tiers, 499), null);
    assert.equal(tierFor(tiers, 500), 'bronze');
    assert.equal(tierFor(tiers, 4999), 'silver');
    assert.equal(tierFor(tiers, 9000), 'gold');
    assert.equal(milestoneCrossed([1000, 5000], 999, 0), null);
    assert.equal(milestoneCrossed([1000, 5000], 6000, 0), 5000);
    assert.equal(milestoneCrossed([1000, 5000], 6000, 5000), null, 'rewarded already');
  });

  it('expires points the same moment months later, on the last day of a shorter month', () => {
    assert.equal(addMonthsUtc(new Date('2026-03-15T08:30:00.000Z'), 12).toISOString(), '2027-03-15T08:30:00.000Z');
    assert.equal(addMonthsUtc(new Date('2027-01-31T23:00:00.000Z'), 1).toISOString(), '2027-02-28T23:00:00.000Z');
    assert.equal(addMonthsUtc(new Date('2027-02-28T00:00:00.000Z'), 12).toISOString(), '2028-02-28T00:00:00.000Z');
  });

  it('takes points from the oldest lot first, emptying each before the next', () => {
    const lots = [
      { lotId: 'old', remaining: 100 },
      { lotId: 'mid', remaining: 50 },
      { lotId: 'new', remaining: 200 },
    ];
    assert.deepEqual(allocateOldestFirst(lots, 120), {
      taken: [
        { lotId: 'old', points: 100 },
        { lotId: 'mid', points: 20 },
      ],
      uncovered: 0,
    });
    assert.deepEqual(allocateOldestFirst(lots, 400).uncovered, 50);
  });
});
