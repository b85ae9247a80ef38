/**
 * Segments end to end on the real stack: a shop's order history arrives over the ingest
 * API; the projector moves its customers into segments as their orders arrive, and the
 * recompute (what the nightly schedule runs) puts the best of them in `high-value`. Each
 * entry is one `Segment Entered` event in the log; the one for `high-value` starts the VIP
 * journey, which reads the customer's value (an RFM champion) and thanks them by email.
 * Journey time runs 3600x faster.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { journeyWorkflowId } from '../../schemas/names.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { segmentRegistry } from '../../segments/index.ts';
import { importOrderHistory } from '../../services/cli/demo/customer-base.ts';
import { expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { recomputeCustomerValue } from '../../services/platform/customer-value/recompute.ts';
import { refreshAllSegments } from '../../services/platform/segments/refresh-all.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { assignArm } from '../../workflows/lib/assignment.ts';
import { vipRecognition, type vipRecognitionWorkflow } from '../../workflows/journeys/vip-recognition.ts';
import { uniqueId } from '../support/fixtures.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';

const { deps, temporal, shop } = productOnTheStack('segments-e2e', {
  JOURNEY_TIME_SCALE: String(1 / 3600),
  INGEST_PORT: '18095',
});
const { db, inbox } = deps;
const DAY = 86_400_000;

/** A customer VIP recognition does not hold out (assignment is a function of the id). */
function vipId(): string {
  for (;;) {
    const customerId = uniqueId('vip');
    if (!assignArm(customerId, vipRecognition.id, vipRecognition).holdout) return customerId;
  }
}

const segmentEvents = async (customerId: string) =>
  (
    await db.query<{ type: string; segment: string }>(
      `select type, payload->>'segment_id' as segment from events where customer_id = $1 and source = 'segments' order by received_at, event_id`,
      [customerId],
    )
  ).rows.map((row) => `${row.type}: ${row.segment}`);

describe('segments on the real stack', () => {
  it('moves customers into segments as orders arrive and after a recompute, and starts the VIP journey on high-value once', async () => {
    await importOrderHistory(shop(), db, { run: uniqueId('segments'), customers: 300, currency: 'USD' });

    const customerId = vipId();
    const email = `${customerId}@example.com`;
    await expectAccepted(shop().identify({ userId: customerId, traits: { email, firstName: 'Vera', timezone: 'Europe/Berlin' } }));
    await expectAccepted(
      shop().track({ userId: customerId, event: 'Consent Granted', properties: { channel: 'email', purpose: 'marketing' } }),
    );
    // A year of monthly orders of 400 dollars, the last three days ago.
    const now = Date.now();
    const orders = Array.from({ length: 12 }, (_, k) => ({
      type: 'track',
      userId: customerId,
      event: 'Order Completed',
      timestamp: new Date(now - (3 + 30 * (11 - k)) * DAY).toISOString(),
      properties: { order_id: `${customerId}-${k}`, total: 400, currency: 'USD' },
    }));
    await expectAccepted(shop().post('/v1/batch', { batch: orders }));

    // The projector decided her segments as her orders arrived; the changes came back through the log.
    await waitFor(async () => ((await segmentEvents(customerId)).includes('Segment Entered: repeat-buyers') ? true : undefined), {
      timeoutMs: 60_000,
      what: 'repeat-buyers entered by the projector',
    });

    // What the nightly schedule runs: the scores over the whole base, then everyone's segments.
    const recomputed = await recomputeCustomerValue(db);
    assert.ok(recomputed.bgNbd && recomputed.gammaGamma, 'the purchase models fitted');
    await refreshAllSegments(db, segmentRegistry);
    const { rows } = await db.query<{ segments: string[] }>('select segments from customer_segments where customer_id = $1', [customerId]);
    assert.ok(rows[0]?.segments.includes('high-value'), `in ${rows[0]?.segments.join(', ')}`);

    const journey = temporal().workflow.getHandle<typeof vipRecognitionWorkflow>(
      journeyWorkflowId(vipRecognition.id, customerId, 'entry-1'),
    );
    const result: JourneyResult = await waitFor(() => journey.result().catch(() => undefined), {
      timeoutMs: 90_000,
      what: 'the VIP journey to finish',
    });
    assert.equal(result.outcome, 'completed');
    // Her year of orders also made her a loyalty member (its tier and milestone emails): the VIP journey's are counted here.
    assert.deepEqual(
      (await inbox.to(email))
        .filter((received) => received.headers['x-journey-id'] === vipRecognition.id)
        .map((received) => received.subject),
      ['Thank you for being one of our best customers'],
    );

    // Deciding again changes nothing, and publishes nothing.
    await refreshAllSegments(db, segmentRegistry);
    await waitFor(
      async () =>
        (await db.query('select 1 from segment_changes where customer_id = $1 and published_at is null', [customerId])).rowCount === 0
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'every change published' },
    );
    const events = await segmentEvents(customerId);
    assert.equal(events.filter((event) => event === 'Segment Entered: high-value').length, 1, events.join('; '));
    assert.equal(events.filter((event) => event === 'Segment Entered: repeat-buyers').length, 1, events.join('; '));
    // Whatever batches her orders came in, the events retell her membership: per segment,
    // entries and exits alternate, and end in the segments she is in.
    const membership = new Set<string>();
    for (const event of events) {
      const [type, segment] = event.split(': ') as [string, string];
      assert.equal(membership.has(segment), type === 'Segment Exited', `out of turn: ${event} in ${events.join('; ')}`);
      if (type === 'Segment Entered') membership.add(segment);
      else membership.delete(segment);
    }
    assert.deepEqual([...membership].sort(), [...rows[0]!.segments].sort());
  });
});
