/**
 * Champions letter (loyalty): when a customer enters the RFM champions (bought recently and
 * often), a signed letter, not a postcard: the best customers are kept by attention, and a
 * letter in an envelope says it better than a coupon would. It is mailed after three nightly
 * scorings have kept them there; leaving the group before ends it. At most once a year,
 * however often the scoring moves them in and out. A tenth is held out, so the letter's lift
 * on their orders can be measured.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import type { Duration } from '../lib/duration.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';
import { enteredSegment, leftSegment } from '../lib/segment-trigger.ts';

/** Three nightly recomputes. */
export const SETTLE: Duration = '3 days';

export const championsLetter = defineJourney({
  id: 'champions-letter',
  workflowType: 'championsLetterWorkflow',
  trigger: enteredSegment('rfm-champions'),
  exitOn: [leftSegment('rfm-champions')],
  waitsFor: [],
  reentry: { cooldown: '365 days' },
  holdout: 0.1,
  // Customer histories may hold `rfm-champions` events: before the router kept to the
  // segments journeys use, every segment's changes reached customer workflows.
  addedAs: 'journey-champions-letter',
});

export async function championsLetterWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(championsLetter, input, async (journey) => {
    // A customer on the edge of a cell can be scored in one night and out the next: a piece
    // that costs more than a unit of the currency waits until the group has held.
    await journey.sleep(SETTLE);
    // Post is not read by the hour; a cap or a pause may hold it up to a week.
    await journey.send.directMail({ step: 'champions-letter', template: 'champions-letter', deliverWithin: '7 days' });
  });
}
