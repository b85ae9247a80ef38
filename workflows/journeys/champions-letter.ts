/**
 * Champions letter (loyalty): when a customer enters the RFM champions (bought recently and
 * often), a signed letter, not a postcard: the best customers are kept by attention, and a
 * letter in an envelope says it better than a coupon would. Leaving the group before it is
 * mailed ends it. At most once a year, however often the nightly scoring moves them in and
 * out. A tenth is held out, so the letter's lift on their orders can be measured.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';
import { enteredSegment, leftSegment } from '../lib/segment-trigger.ts';

export const championsLetter = defineJourney({
  id: 'champions-letter',
  workflowType: 'championsLetterWorkflow',
  trigger: enteredSegment('rfm-champions'),
  exitOn: [leftSegment('rfm-champions')],
  waitsFor: [],
  reentry: { cooldown: '365 days' },
  holdout: 0.1,
});

export async function championsLetterWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(championsLetter, input, async (journey) => {
    // A letter is printed and posted within days; a cap or a pause may hold it up to a week.
    await journey.send.directMail({ step: 'champions-letter', template: 'champions-letter', deliverWithin: '7 days' });
  });
}
