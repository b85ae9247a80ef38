/**
 * A holiday campaign end to end on the real stack: a window's `Campaign Window Opened`
 * events go to Kafka as the opener writes them, the router starts the campaign's journey in
 * each customer's workflow, and at 10:00 of the customer's day (journey time runs 3600x
 * faster) the send gate emails the French offer with a code from a pool kept for France to
 * the SMTP sink. A customer who lives in Britain gets nothing, even with the event; writing
 * the events again changes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { JourneyResult } from '../../schemas/journey.ts';
import { customerWorkflowId, getCustomerStateQuery, journeyWorkflowId } from '../../schemas/names.ts';
import { expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { windowOpened } from '../../services/platform/campaigns/window-openings.ts';
import { addCouponCodes, createCouponPool, generateCouponCodes } from '../../services/platform/db/coupons.ts';
import { setJourneyParameters } from '../../services/platform/db/journey-controls.ts';
import { localDateOf, nextLocalTime } from '../../services/platform/local-time.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { feteDesMeres } from '../../workflows/campaigns/index.ts';
import { assignArm } from '../../workflows/lib/assignment.ts';
import { shopperThroughTheLog, waitForProjected } from '../support/pipeline.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';

const { deps, temporal, shop, ingestUrl } = productOnTheStack('holiday-campaign-test', {
  JOURNEY_TIME_SCALE: String(1 / 3600),
  INGEST_PORT: '18097',
});
const { db, inbox, events: log } = deps;
const PARIS = 'Europe/Paris';
const pool = `fete-des-meres-e2e-${randomUUID().slice(0, 8)}`;

/** A customer through the ingest API, living in `country`, whom the campaign does not hold out. */
async function livingIn(country: string, timezone: string) {
  for (;;) {
    const shopper = await shopperThroughTheLog(db, ingestUrl(), { consent: 'email' });
    if (assignArm(shopper.customerId, feteDesMeres.id, feteDesMeres.journey).holdout) continue;
    const messageId = randomUUID();
    await expectAccepted(
      shop().identify({
        userId: shopper.customerId,
        messageId,
        traits: { country, timezone },
      }),
    );
    await waitForProjected(db, [messageId]);
    return shopper;
  }
}

/** The window as the calendar would give it: opening on the day of the next 10:00 in Paris, the holiday a week on. */
function windowOfNextTen() {
  const at = nextLocalTime(new Date(), 10 * 60, PARIS);
  const day = (date: Date) => {
    const { year, month, day: dayOfMonth } = localDateOf(date, PARIS);
    return `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
  };
  const holidayOn = day(new Date(at.getTime() + feteDesMeres.opensDaysBefore * 86_400_000));
  return { campaignId: feteDesMeres.id, place: 'FR', occurrence: holidayOn.slice(0, 4), holidayOn, opensOn: day(at) };
}

describe('a holiday campaign on the real stack', () => {
  before(async () => {
    // A pool of the test's own, for France only, as the operator would create the campaign's.
    await createCouponPool(db, { poolId: pool, discount: '15% de remise', validDays: 14, countries: ['FR'] });
    await addCouponCodes(db, pool, generateCouponCodes('FDM', 3));
    await setJourneyParameters(db, feteDesMeres.id, { couponPool: pool });
  });
  after(async () => {
    // The stack is shared: the campaign goes back to its own pool.
    await setJourneyParameters(db, feteDesMeres.id, {}, ['couponPool']).catch(() => undefined);
  });

  it('emails the French offer with a French code at 10:00 Paris time, nothing to a customer in Britain, once', async () => {
    const paris = await livingIn('FR', PARIS);
    const london = await livingIn('GB', 'Europe/London');
    const window = windowOfNextTen();
    // As if the opener had placed the Londoner in France: the journey checks where they live now.
    const events = [windowOpened(window, paris.customerId, new Date()), windowOpened(window, london.customerId, new Date())];
    await log.append(events);

    const journeyOf = (customerId: string) =>
      temporal().workflow.getHandle(journeyWorkflowId(feteDesMeres.id, customerId, window.occurrence));
    const resultOf = (customerId: string): Promise<JourneyResult> =>
      waitFor(
        () =>
          journeyOf(customerId)
            .result()
            .catch(() => undefined),
        { timeoutMs: 90_000, what: 'the campaign journey to finish' },
      );
    const [offered, movedAway] = [await resultOf(paris.customerId), await resultOf(london.customerId)];
    assert.equal(offered.outcome, 'completed');
    assert.deepEqual([movedAway.outcome, movedAway.outcome === 'exited' && movedAway.reason], ['exited', 'moved-away']);

    const offers = async (email: string) => (await inbox.to(email)).filter((received) => received.subject.startsWith('Fête des mères'));
    await waitFor(async () => ((await offers(paris.email)).length > 0 ? true : undefined), { timeoutMs: 30_000, what: 'the offer' });
    const [offer] = await offers(paris.email);
    assert.match(offer!.text, /15% de remise avec le code FDM[2-9A-Z]{10}/);
    assert.equal((await offers(london.email)).length, 0);

    // Written again (the schedule retried): the customer workflow drops the repeat.
    await log.append(events.slice(0, 1));
    const customer = temporal().workflow.getHandle(customerWorkflowId(paris.customerId));
    await waitFor(async () => ((await customer.query(getCustomerStateQuery)).repeatsIgnored > 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the repeat ignored',
    });
    assert.equal((await customer.query(getCustomerStateQuery)).journeyEntries[feteDesMeres.id]?.count, 1);
    assert.equal((await offers(paris.email)).length, 1);
  });
});
