/**
 * VIP recognition: when a customer enters the top 10% by predicted value (the `high-value`
 * segment), one personal email the next morning at 10:00 their time, with no discount (the
 * best customers are kept by attention, not by coupons). A VIP whose buying is slipping (RFM
 * group at risk, can't lose, about to sleep, hibernating) hears "we miss you" instead of
 * "thank you". Leaving the segment before the send ends it. A tenth is held out.
 */
import type { RfmGroup } from '../../schemas/customer-value.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';
import { enteredSegment, leftSegment } from '../lib/segment-trigger.ts';

export const vipRecognition = defineJourney({
  id: 'vip-recognition',
  workflowType: 'vipRecognitionWorkflow',
  trigger: enteredSegment('high-value'),
  exitOn: [leftSegment('high-value')],
  waitsFor: [],
  reentry: { cooldown: '180 days' },
  holdout: 0.1,
});

const slipping: readonly RfmGroup[] = ['at-risk', 'cant-lose', 'about-to-sleep', 'hibernating'];

export async function vipRecognitionWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(vipRecognition, input, async (journey) => {
    await journey.waitUntilLocalTime('10:00');
    const { value } = await journey.profile();
    const template = value?.rfm && slipping.includes(value.rfm.group) ? 'vip-we-miss-you' : 'vip-thank-you';
    await journey.send.email({ step: 'vip-email', template, deliverWithin: '2 days' });
  });
}
