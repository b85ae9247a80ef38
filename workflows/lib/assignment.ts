/**
 * Holdout and A/B assignment: a pure function of the customer, the journey and the
 * experiment, so it is the same on every replay and every re-entry, in any process, and
 * can be recomputed by analysts from the ids alone. No randomness, no state.
 */
import type { Arm } from '../../schemas/journey.ts';

export type { Arm };

export interface Experiment {
  /** Changing it re-draws every customer's variant (a new experiment). */
  id: string;
  variants: readonly { id: string; weight: number }[];
}

/** 32-bit FNV-1a, then murmur3's finaliser so that similar ids land far apart. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A point in [0, 1) drawn from the ids: independent draws for independent salts. */
const unitDraw = (...parts: string[]) => hash32(parts.join('\u0000')) / 2 ** 32;

export function assignArm(customerId: string, journeyId: string, options: { holdout?: number; experiment?: Experiment }): Arm {
  if (unitDraw('holdout', journeyId, customerId) < (options.holdout ?? 0)) return { holdout: true, variant: null };
  const experiment = options.experiment;
  if (!experiment || experiment.variants.length === 0) return { holdout: false, variant: null };
  const total = experiment.variants.reduce((sum, variant) => sum + variant.weight, 0);
  let point = unitDraw('variant', journeyId, experiment.id, customerId) * total;
  for (const variant of experiment.variants) {
    point -= variant.weight;
    if (point < 0) return { holdout: false, variant: variant.id };
  }
  return { holdout: false, variant: experiment.variants.at(-1)!.id };
}
