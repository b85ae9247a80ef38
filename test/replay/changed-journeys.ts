/**
 * Workflows for the replay test only: the shipped cart-abandonment journey with one careless
 * edit (the first reminder no longer waits). Customers already inside the journey would
 * replay into a different sequence of commands: the replay test must catch it.
 */
import { cartAbandonment } from '../../workflows/journeys/cart-abandonment.ts';
import { runJourney } from '../../workflows/lib/journey.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';

export async function cartAbandonmentWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(cartAbandonment, input, async (journey) => {
    await journey.send.email({ step: 'reminder-1', template: 'cart-reminder-1' });
    await journey.sleepUntilAfterStart('24 hours');
    await journey.send.email({ step: 'reminder-2', template: 'cart-reminder-2' });
  });
}
