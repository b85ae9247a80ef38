/**
 * Journey time: every duration a journey waits (sleeps, `within`, `deliverWithin`, a
 * re-entry cooldown) passes through here. In production it is real time. A demo or an
 * end-to-end test runs its worker with `JOURNEY_TIME_SCALE` below 1, which the worker
 * compiles into its workflow bundle (services/processes/worker/worker.ts): the knob stays
 * out of workflow inputs and histories. Runs must replay on workers of the scale they
 * started on; the replay test and recorded histories use 1.
 */
import { durationMs, type Duration } from './duration.ts';

// Replaced by the worker's bundler; undeclared (so 1) anywhere else.
declare const JOURNEY_TIME_SCALE: number | undefined;

export const journeyTimeScale: number = typeof JOURNEY_TIME_SCALE === 'number' ? JOURNEY_TIME_SCALE : 1;

/** A journey duration in this worker's time, in milliseconds. */
export const scaledMs = (duration: Duration): number => durationMs(duration) * journeyTimeScale;
