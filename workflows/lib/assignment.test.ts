import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignArm, type Experiment } from './assignment.ts';

const experiment: Experiment = {
  id: 'subject-test',
  variants: [
    { id: 'a', weight: 1 },
    { id: 'b', weight: 1 },
  ],
};
const customers = Array.from({ length: 10_000 }, (_, i) => `customer-${i}`);

/** |observed − expected share| within 4.5 binomial standard deviations (a false alarm ~1 in 150,000 runs). */
function assertShare(count: number, total: number, share: number, what: string) {
  const tolerance = 4.5 * Math.sqrt((share * (1 - share)) / total);
  const observed = count / total;
  assert.ok(
    Math.abs(observed - share) <= tolerance,
    `${what}: ${observed.toFixed(4)} of ${total}, expected ${share} ± ${tolerance.toFixed(4)}`,
  );
}

describe('holdout and A/B assignment', () => {
  it('is a function of the ids: the same customer gets the same arm every time', () => {
    for (const customerId of customers.slice(0, 200)) {
      const first = assignArm(customerId, 'welcome', { holdout: 0.1, experiment });
      assert.deepEqual(assignArm(customerId, 'welcome', { holdout: 0.1, experiment }), first);
    }
  });

  it("holds out the configured share of 10,000 customers, and splits the rest by the variants' weights", () => {
    const arms = customers.map((customerId) => assignArm(customerId, 'welcome', { holdout: 0.1, experiment }));
    const held = arms.filter((arm) => arm.holdout);
    assertShare(held.length, arms.length, 0.1, 'holdout');
    assert.ok(
      held.every((arm) => arm.variant === null),
      'the holdout gets no variant',
    );
    const treated = arms.filter((arm) => !arm.holdout);
    assertShare(treated.filter((arm) => arm.variant === 'a').length, treated.length, 0.5, 'variant a');

    const weighted = customers.map((customerId) =>
      assignArm(customerId, 'welcome', {
        experiment: {
          id: 'w',
          variants: [
            { id: 'x', weight: 3 },
            { id: 'y', weight: 1 },
          ],
        },
      }),
    );
    assertShare(weighted.filter((arm) => arm.variant === 'x').length, weighted.length, 0.75, 'weighted variant x');
  });

  it('draws each journey and each experiment independently', () => {
    const heldIn = (journeyId: string) =>
      new Set(customers.filter((customerId) => assignArm(customerId, journeyId, { holdout: 0.5 }).holdout));
    const welcome = heldIn('welcome');
    const winBack = heldIn('win-back');
    // Independent halves overlap on a quarter of the customers.
    assertShare([...welcome].filter((customerId) => winBack.has(customerId)).length, customers.length, 0.25, 'held out of both journeys');

    const next = { ...experiment, id: 'subject-test-2' };
    const changed = customers.filter(
      (customerId) =>
        assignArm(customerId, 'welcome', { experiment }).variant !== assignArm(customerId, 'welcome', { experiment: next }).variant,
    );
    assertShare(changed.length, customers.length, 0.5, 'variant re-drawn by a new experiment');
  });

  it('holds out no one at share 0 and everyone at share 1', () => {
    assert.ok(customers.every((customerId) => !assignArm(customerId, 'welcome', { holdout: 0 }).holdout));
    assert.ok(customers.every((customerId) => assignArm(customerId, 'welcome', { holdout: 1 }).holdout));
  });
});
