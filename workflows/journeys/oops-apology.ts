/**
 * Oops apology: operators found that a journey step sent a broken or repeated message, and
 * `journeys journey apologize <journey> <step>` wrote an `Apology Requested` event for each
 * customer the message ledger shows it was sent to. Each of them gets one apology, once per
 * journey and step however often the command runs.
 *
 * By email, whichever channel the broken message went out on: an email has room to say
 * what happened and a reply reaches a person, while a second text costs a message and
 * counts against the SMS cap, and a postcard would cost as much as the mistake did. A
 * customer we cannot email (no address or no marketing consent) who got the broken message
 * as a text is apologised to by text instead: that is how they hear from us.
 *
 * Marketing, like the messages it apologises for: a customer who revoked consent since
 * (perhaps because of the broken message) hears nothing more, and caps and quiet hours
 * delay it as any other send. The send gate checks consent when it goes, as for every send.
 *
 * No holdout: every customer who got the broken message is owed the apology, and what it
 * would measure (the lift of apologising) is not worth leaving some of them without one.
 * The original journey's held-out customers never got the step, so they get no apology.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

export const oopsApology = defineJourney({
  id: 'oops-apology',
  workflowType: 'oopsApologyWorkflow',
  // Keyed by what went wrong: one apology per broken step, whoever asks again.
  trigger: { event: 'Apology Requested', key: ({ payload }) => `${payload.journey_id}:${payload.step}` },
  exitOn: [],
  waitsFor: [],
  reentry: 'once-per-key',
  // Operators asked for it, about a mistake customers just saw: ahead of the rest.
  priority: 'urgent',
});

export async function oopsApologyWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(oopsApology, input, async (journey) => {
    const { marketingConsent, reachableOn } = await journey.profile();
    const emailable = marketingConsent.includes('email') && reachableOn.includes('email');
    // Past three days an apology for a message the customer has forgotten does more harm than good.
    if (!emailable && journey.trigger.payload.channel === 'sms') {
      await journey.send.sms({ step: 'apology', template: 'oops-apology-sms', deliverWithin: '3 days' });
      return;
    }
    await journey.send.email({ step: 'apology', template: 'oops-apology', deliverWithin: '3 days' });
  });
}
