/**
 * The simulator's anniversary stories must make their journeys send within the run, wherever
 * and whenever it runs: the anniversary's 09:00, in the customer's zone, is in the next two
 * days (a minute of journey time at the demo's scale). Checked at every hour of a day, for
 * each place it may run in, with the product's own anniversary rule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextAnniversary } from '../../platform/local-time.ts';
import { stories } from './personas.ts';
import { daytimePlaces } from './places.ts';

const HOUR = 3_600_000;

describe('simulated anniversaries', () => {
  for (const [story, event] of [
    ['signedUpLastYear', 'Signed Up'],
    ['firstOrderLastYear', 'Order Completed'],
  ] as const) {
    it(`${story}: the ${event} anniversary at 09:00 local falls within two days, at any hour the run starts`, () => {
      const start = Date.parse('2026-12-05T00:00:00Z');
      for (let hour = 0; hour < 24; hour += 1) {
        const now = start + hour * HOUR;
        for (const place of daytimePlaces(new Date(now))) {
          const calls = stories[story]({ userId: 'u', random: () => 0.5, now, place, currency: 'EUR' });
          const first = calls.find((call) => call.event === event)!;
          const { at } = nextAnniversary(
            { of: { since: first.timestamp }, time: '09:00', after: new Date(now).toISOString() },
            place.timezone,
          );
          const ahead = (Date.parse(at) - now) / HOUR;
          assert.ok(ahead > 0 && ahead <= 48, `${place.timezone} at ${new Date(now).toISOString()}: ${ahead.toFixed(1)} h ahead`);
        }
      }
    });
  }
});
