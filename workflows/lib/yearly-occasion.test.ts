/**
 * The yearly loop asks for the occasion after the one it last waited for, not after "now":
 * in a scaled run (the demo, the simulator) the clock after a wait is still before it, and
 * asking from "now" would celebrate the same year over and over.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { celebrateEveryYear } from './yearly-occasion.ts';

const YEAR = 365 * 86_400_000;

describe('a yearly occasion', () => {
  it('moves on a year each time, though the clock has not reached the last occasion', async () => {
    const asked: number[] = [];
    const years: number[] = [];
    const start = Date.now();
    class Left extends Error {}
    const journey = {
      // The next occasion after `after`, a year on from the first: like the activity.
      nextAnniversary: (_of: unknown, _time: unknown, after = Date.now()) => {
        asked.push(after);
        const year = Math.floor((after - start) / YEAR) + 1;
        return Promise.resolve({ at: start + year * YEAR, year: 2026 + year });
      },
      // A scaled wait: returns at once, the clock stays where it was.
      waitUntil: () => Promise.resolve(),
      profile: () => Promise.resolve({ segments: [], reachableOn: [] }),
      offerCoupon: () => Promise.resolve(null),
      send: {
        email: ({ step }: { step: string }) => {
          years.push(Number(step.slice(-4)));
          if (years.length === 3) throw new Left();
          return Promise.resolve({ status: 'sent', channel: 'email', step });
        },
      },
      leave: () => {
        throw new Left();
      },
    };
    await assert.rejects(
      celebrateEveryYear(journey as never, { name: 'birthday', of: { monthDay: '02-29' }, couponPool: 'birthday' }),
      Left,
    );
    assert.deepEqual(years, [2027, 2028, 2029]);
    assert.ok(asked[1]! > asked[0]! && asked[2]! > asked[1]!, 'each year asked after the last');
  });
});
