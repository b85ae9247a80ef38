/**
 * Journeys that start when a customer enters a segment, and end when they leave it:
 * `trigger: enteredSegment('high-value')`, `exitOn: [leftSegment('high-value')]`. Typed by
 * the segment registry, so a misspelt segment fails the type check.
 */
import type { SegmentId } from '../../segments/index.ts';
import type { CustomerEvent } from '../../schemas/envelope.ts';

/** The events segment membership is told by. */
export const segmentEventTypes: ReadonlySet<string> = new Set(['Segment Entered', 'Segment Exited']);

export const enteredSegment = <const Id extends SegmentId>(segmentId: Id) => ({
  event: 'Segment Entered' as const,
  // Read by the router: only segments some journey uses wake customers' workflows.
  segmentId,
  key: () => segmentId,
  matches: (event: CustomerEvent<'Segment Entered'>) => event.payload.segment_id === segmentId,
});

/** An exit on entering a segment: a win-back ends when the customer falls into the bottom 20%. */
export const intoSegment = <const Id extends SegmentId>(segmentId: Id, reason: string) => ({
  event: 'Segment Entered' as const,
  segmentId,
  reason,
  matches: (_trigger: unknown, event: CustomerEvent<'Segment Entered'>) => event.payload.segment_id === segmentId,
});

export const leftSegment = <const Id extends SegmentId>(segmentId: Id, reason = 'left-segment') => ({
  event: 'Segment Exited' as const,
  segmentId,
  reason,
  matches: (_trigger: unknown, event: CustomerEvent<'Segment Exited'>) => event.payload.segment_id === segmentId,
});
