/**
 * Double opt-in: in the countries of DOUBLE_OPT_IN_COUNTRIES an email subscription is
 * pending until the customer clicks the link we send (the projector keeps it so, and the
 * send gate sends no marketing meanwhile). On such a grant this journey sends the link at
 * once and, if it is not clicked within 3 days, one reminder; the click (`Consent
 * Confirmed` for this grant) ends it, as do a revocation and a newer subscription.
 *
 * It starts on every email marketing grant (the router cannot know the customer's country)
 * and leaves at once when the projector did not make the grant pending.
 *
 * Transactional: it is the message the customer asked for by subscribing, not marketing
 * (which they have not allowed yet), so no caps, quiet hours or unsubscribe link; the gate
 * lets it through on the pending subscription alone (activities/send-gate.ts).
 *
 * No holdout: an unsent confirmation is a subscription that can never start, so a holdout
 * would measure nothing but losing the subscribers kept out.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { PayloadOf } from '../../schemas/catalog.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

const { readSubscriptionState } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Retried until the projector has stored the grant (it may lag the router).
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const isEmailMarketing = (consent: PayloadOf<'Consent Granted' | 'Consent Revoked'>) =>
  consent.channel === 'email' && consent.purpose === 'marketing';

export const confirmSubscription = defineJourney({
  id: 'confirm-subscription',
  workflowType: 'confirmSubscriptionWorkflow',
  // One run per grant: a link names the grant it confirms.
  trigger: { event: 'Consent Granted', key: (grant) => grant.eventId, matches: (grant) => isEmailMarketing(grant.payload) },
  exitOn: [
    {
      event: 'Consent Confirmed',
      reason: 'confirmed',
      matches: (grant, confirmed) =>
        confirmed.payload.channel === 'email' && Date.parse(confirmed.payload.granted_at) === Date.parse(grant.occurredAt),
    },
    { event: 'Consent Revoked', reason: 'revoked', matches: (_grant, revoked) => isEmailMarketing(revoked.payload) },
    {
      event: 'Consent Granted',
      reason: 'subscribed-again',
      matches: (grant, later) => isEmailMarketing(later.payload) && later.eventId !== grant.eventId,
    },
  ],
  waitsFor: [],
  reentry: 'once-per-key',
  // The customer who just subscribed waits for the link: ahead of the rest on a busy queue.
  priority: 'urgent',
  // `Consent Granted` reaches customer workflows since the awareness catalog: histories that
  // hold one must replay without this journey.
  addedAs: 'journey-confirm-subscription',
});

export async function confirmSubscriptionWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(confirmSubscription, input, async (journey) => {
    const grant = { customerId: input.customerId, channel: 'email', grantEventId: journey.trigger.eventId } as const;
    const stillPending = async () => (await readSubscriptionState({ ...grant, grantedAt: journey.trigger.occurredAt })) === 'pending';
    if (!(await stillPending())) journey.leave('not-pending');

    const request = { purpose: 'transactional', confirmsSubscription: true, deliverWithin: '3 days' } as const;
    await journey.send.email({ ...request, step: 'confirmation-request', template: 'confirm-subscription' });
    await journey.sleepUntilAfterStart('3 days');
    // The click ends this run through its exit; a pending row that changed otherwise (a merge) ends it here.
    if (!(await stillPending())) journey.leave('not-pending');
    await journey.send.email({ ...request, step: 'confirmation-reminder', template: 'confirm-subscription-reminder' });
  });
}
