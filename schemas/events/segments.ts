/**
 * Segment membership changes (segments/): written by the product itself when a customer
 * enters or leaves a segment, once per change, so journeys can start on them and the
 * history of membership can be read back from the log. Producers do not send these.
 */
import { z } from 'zod';
import { Id } from '../primitives.ts';
import { defineEvent } from './define.ts';

const membership = z.object({ segment_id: Id });

export const SegmentEntered = defineEvent('Segment Entered', 1, membership);
export const SegmentExited = defineEvent('Segment Exited', 1, membership);
