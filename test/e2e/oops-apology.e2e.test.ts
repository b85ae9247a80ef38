/**
 * The oops apology end to end on the real stack: the message ledger says a step went to
 * some customers; asking for apologies writes one `Apology Requested` per customer to
 * Kafka, the router starts the oops-apology journey in each one's workflow, and the send
 * gate emails one apology to the SMTP sink. Customers the step did not reach (held out,
 * skipped, another step) get none, nor does one who revoked consent since; asking again
 * sends nothing more. Journey time runs 3600x faster.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerWorkflowId, getCustomerStateQuery, journeyWorkflowId } from '../../schemas/names.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { requestApologies } from '../../services/platform/apologies/apology-requests.ts';
import { completeMessage, idempotencyKeyOf, recordMessage } from '../../services/platform/db/message-ledger.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { oopsApology, type oopsApologyWorkflow } from '../../workflows/journeys/oops-apology.ts';
import { uniqueId } from '../support/fixtures.ts';
import { shopperThroughTheLog, waitForProjected } from '../support/pipeline.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';
import { journeys } from '../support/journeys-cli.ts';

const { deps, temporal, shop, ingestUrl } = productOnTheStack('oops-apology-test', {
  JOURNEY_TIME_SCALE: String(1 / 3600),
  INGEST_PORT: '18096',
});
const { db, inbox, events: log } = deps;

/**
 * What the send gate wrote for a step of a journey whose id is this test's own (the ledger
 * is shared by every test on the stack): sent, or skipped with a reason.
 */
async function ledgerSays(journeyId: string, customerId: string, run: string, step: string, decision: 'sent' | 'holdout' | 'no-consent') {
  const workflowId = journeyWorkflowId(journeyId, customerId, run);
  const entry = { idempotencyKey: idempotencyKeyOf(workflowId, step), customerId, journeyId, workflowId, step };
  const row = { ...entry, channel: 'email' as const, purpose: 'marketing' as const };
  if (decision !== 'sent') {
    await recordMessage(db, row, { status: 'skipped', reason: decision });
    return;
  }
  await recordMessage(db, row, { status: 'sending', sentAt: new Date() });
  await completeMessage(db, entry.idempotencyKey, { status: 'sent', providerMessageId: uniqueId('provider') });
}

const shopper = () => shopperThroughTheLog(db, ingestUrl(), { consent: 'email' });

describe('oops apology on the real stack', () => {
  it('emails one apology to each customer who got the step, none to the others, and nothing more when asked again', async () => {
    const journeyId = uniqueId('broken-journey');
    const [twice, once, revoked, heldOut, skipped, otherStep] = await Promise.all(Array.from({ length: 6 }, shopper));
    // In the journey twice (two carts), the broken reminder each time: one apology.
    await ledgerSays(journeyId, twice!.customerId, 'cart-1', 'reminder-1', 'sent');
    await ledgerSays(journeyId, twice!.customerId, 'cart-2', 'reminder-1', 'sent');
    await ledgerSays(journeyId, once!.customerId, 'cart-1', 'reminder-1', 'sent');
    await ledgerSays(journeyId, revoked!.customerId, 'cart-1', 'reminder-1', 'sent');
    await ledgerSays(journeyId, heldOut!.customerId, 'cart-1', 'reminder-1', 'holdout');
    await ledgerSays(journeyId, skipped!.customerId, 'cart-1', 'reminder-1', 'no-consent');
    await ledgerSays(journeyId, otherStep!.customerId, 'cart-1', 'reminder-2', 'sent');
    // Unsubscribed after the broken email: the apology is marketing, and the gate refuses it.
    const revocation = uniqueId('revoke');
    await expectAccepted(
      shop().track({
        userId: revoked!.customerId,
        messageId: revocation,
        event: 'Consent Revoked',
        properties: { channel: 'email', purpose: 'marketing' },
      }),
    );
    await waitForProjected(db, [revocation]);

    assert.deepEqual(await requestApologies({ db, log }, { journeyId, step: 'reminder-1' }), { customers: 3, written: 3 });

    const brokenStep = `${journeyId}:reminder-1`;
    const apologyOf = (customerId: string) =>
      temporal().workflow.getHandle<typeof oopsApologyWorkflow>(journeyWorkflowId(oopsApology.id, customerId, brokenStep));
    for (const { customerId } of [twice!, once!, revoked!]) {
      const result: JourneyResult = await waitFor(
        () =>
          apologyOf(customerId)
            .result()
            .catch(() => undefined),
        {
          timeoutMs: 90_000,
          what: 'the apology journey to finish',
        },
      );
      assert.equal(result.outcome, 'completed');
    }
    const apologies = async (email: string) =>
      (await inbox.to(email)).filter((received) => received.subject === 'Sorry about our last message');
    await waitFor(async () => ((await apologies(once!.email)).length > 0 ? true : undefined), { timeoutMs: 30_000, what: 'an apology' });
    const received = await apologies(twice!.email);
    assert.equal(received.length, 1);
    assert.match(received[0]!.text, /Our recent email to you went wrong/);
    assert.equal((await apologies(once!.email)).length, 1);
    assert.equal((await apologies(revoked!.email)).length, 0);
    const { rows } = await db.query<{ status: string; reason: string | null }>(
      'select status, reason from messages where journey_id = $1 and customer_id = $2',
      [oopsApology.id, revoked!.customerId],
    );
    assert.deepEqual(rows, [{ status: 'skipped', reason: 'no-consent' }]);

    // Asked again: the same events, which each customer workflow drops as repeats.
    assert.deepEqual(await requestApologies({ db, log }, { journeyId, step: 'reminder-1' }), { customers: 3, written: 3 });
    for (const { customerId } of [twice!, once!, revoked!]) {
      await waitFor(
        async () =>
          (await temporal().workflow.getHandle(customerWorkflowId(customerId)).query(getCustomerStateQuery)).repeatsIgnored > 0
            ? true
            : undefined,
        { timeoutMs: 60_000, what: 'the repeated request dropped' },
      );
    }
    for (const { customerId, email } of [heldOut!, skipped!, otherStep!]) {
      await assert.rejects(apologyOf(customerId).describe(), /not found/i, 'no apology journey for a customer the step did not reach');
      assert.equal((await apologies(email)).length, 0);
    }
    assert.equal((await apologies(twice!.email)).length, 1);
    assert.equal((await apologies(once!.email)).length, 1);
  });

  it('refuses a step the ledger does not hold for the journey, naming those it does', async () => {
    // The apologies the first test sent are in the ledger under the oops-apology journey's own step.
    const { code, stdout, stderr } = await journeys('journey', 'apologize', oopsApology.id, 'no-such-step');
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /^journeys journey apologize: oops-apology has no step "no-such-step" \(steps in the message ledger: apology\)\n/);
    const dryRun = await journeys('journey', 'apologize', oopsApology.id, 'apology', '--dry-run');
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /^\d+ customer\(s\) got oops-apology apology; dry run, nothing written\n$/);
  });
});
