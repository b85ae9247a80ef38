/**
 * Awareness catalog: a prospect who subscribes (marketing consent by email or by post) and
 * has given a name and postal address, but has not ordered yet, gets the catalog as a
 * postcard, once. An email subscriber is mailed only after they also allow post (within a
 * month); the first order ends it, since the customer is no longer a prospect. A tenth is
 * held out: a printed piece costs money per customer, so its lift on first orders must be
 * measured before it is paid for at scale.
 */
import type { PayloadOf } from '../../schemas/catalog.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** The consents that count as subscribing: marketing by email or by post. */
const subscribes = ({ channel, purpose }: PayloadOf<'Consent Granted'>) =>
  purpose === 'marketing' && (channel === 'email' || channel === 'direct_mail');
const allowsMail = ({ channel, purpose }: PayloadOf<'Consent Granted'>) => purpose === 'marketing' && channel === 'direct_mail';

export const awarenessCatalog = defineJourney({
  id: 'awareness-catalog',
  workflowType: 'awarenessCatalogWorkflow',
  trigger: { event: 'Consent Granted', key: () => 'once', matches: (consent) => subscribes(consent.payload) },
  exitOn: [{ event: 'Order Completed', reason: 'ordered', matches: () => true }],
  waitsFor: ['Consent Granted'],
  reentry: 'once',
  holdout: 0.1,
  // No `addedAs`: before this journey no journey used `Consent Granted`, so the router never
  // sent it to Temporal and no customer history holds one to replay differently.
});

export async function awarenessCatalogWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(awarenessCatalog, input, async (journey) => {
    // A sign-up form sends its address and consents together: the profile gets them first.
    await journey.sleep('1 hour');
    const { orders, reachableOn, marketingConsent } = await journey.profile();
    if (orders.count > 0) journey.leave('not-a-prospect');
    if (!reachableOn.includes('direct_mail')) journey.leave('no-postal-address');
    if (!marketingConsent.includes('direct_mail') && !allowsMail(journey.trigger.payload)) {
      const allowed = await journey.waitForEvent('Consent Granted', { within: '30 days', match: (consent) => allowsMail(consent.payload) });
      if (!allowed) journey.leave('no-mail-consent');
    }
    await journey.send.directMail({ step: 'catalog', template: 'catalog-postcard', deliverWithin: '7 days' });
  });
}
