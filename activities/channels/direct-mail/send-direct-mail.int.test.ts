/**
 * Direct mail through Lob's API (the provider sink speaks it), passing the same send gate
 * as every channel: a validated address, merge variables, the idempotency key, a send
 * date that leaves a cancellation window, the piece's cost, and cancellation.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { findMessage, idempotencyKeyOf, recentSendTimes, recordMessage } from '../../../services/platform/db/message-ledger.ts';
import { createActivityDeps } from '../../../test/support/activity-deps.ts';
import { customerEvent, project, testAddress as address, uniqueId } from '../../../test/support/fixtures.ts';
import type { MessageRequest } from '../message-request.ts';

const deps = createActivityDeps('direct-mail-test');
before(() => deps.start());
after(() => deps.stop());

/** A customer with mail consent; the last name is unique, so sink records and faults are theirs alone. */
async function mailStep(options: { address?: typeof address | null; named?: boolean } = {}) {
  const customerId = uniqueId('mail');
  const lastName = customerId;
  const name = options.named === false ? {} : { firstName: 'Ada', lastName };
  const traits = {
    email: `${customerId}@example.com`,
    ...name,
    ...(options.address === null ? {} : { address: options.address ?? address }),
  };
  await project(
    deps.db,
    customerEvent(customerId, 'Identify', traits),
    customerEvent(customerId, 'Consent Granted', { channel: 'direct_mail', purpose: 'marketing' }),
  );
  const request: MessageRequest = {
    customerId,
    journeyId: 'cart-abandonment',
    workflowId: `journey/test/${customerId}/${randomUUID()}`,
    step: 'postcard',
    at: new Date().toISOString(),
    template: 'cart-postcard',
    trigger: customerEvent(customerId, 'Checkout Started', { cart_id: uniqueId('cart'), value: { amount: 42_000, currency: 'USD' } }),
  };
  return { request, key: idempotencyKeyOf(request.workflowId, request.step), recipient: `Ada ${lastName}` };
}

type LobPiece = {
  id: string;
  to: Record<string, string>;
  merge_variables: Record<string, string>;
  send_date: string;
  use_type: string;
  size: string;
  front: string;
  back: string;
};

describe('direct mail through Lob', () => {
  it("mails a postcard to the validated address with its merge variables, the step's idempotency key, a send date a cancellation window ahead, and its cost", async () => {
    const { request, key, recipient } = await mailStep();
    const before = Date.now();
    const outcome = await deps.activities().sendDirectMail(request);
    assert.equal(outcome.status, 'sent');
    assert.deepEqual(outcome.status === 'sent' && outcome.cost, { amount: 87, currency: 'USD' });
    assert.deepEqual(await deps.activities().sendDirectMail(request), outcome); // a replay: the ledger answers

    const [received, ...more] = await deps.sink.received('lob', recipient);
    assert.equal(more.length, 0);
    const piece = received!.content as LobPiece;
    assert.equal(received!.headers['idempotency-key'], key);
    assert.deepEqual(piece.to, {
      name: recipient,
      address_line1: '185 Berry St',
      address_line2: 'Suite 6100',
      address_city: 'San Francisco',
      address_state: 'CA',
      address_zip: '94107',
      address_country: 'US',
    });
    assert.deepEqual(piece.merge_variables, {
      name: 'Ada',
      cart_value: '$420.00',
      qr_code_url: 'https://shop.example/cart?utm_source=postcard&utm_campaign=cart-abandonment',
      offer: 'Free returns for 60 days on everything in it.',
    });
    assert.match(piece.back, /\{\{qr_code_url\}\}/); // Lob merges it
    assert.equal(piece.use_type, 'marketing');
    const window = Date.parse(piece.send_date) - before;
    assert.ok(
      window >= deps.config.directMail.cancelWindowMs && window < deps.config.directMail.cancelWindowMs + 60_000,
      `send date ${piece.send_date}`,
    );

    const entry = await findMessage(deps.db, key);
    assert.equal(entry?.status, 'sent');
    assert.equal(entry.providerMessageId, piece.id);
    assert.deepEqual(entry.cost, { amount: 87, currency: 'USD' });
    assert.equal(entry.cancellableUntil?.toISOString(), new Date(piece.send_date).toISOString());
  });

  it("mails a letter through Lob's letters API: its HTML file in colour, merge variables, the key, the window, the letter's price; and cancels it", async () => {
    const { request: postcard, recipient } = await mailStep();
    const request: MessageRequest = {
      ...postcard,
      journeyId: 'champions-letter',
      step: 'champions-letter',
      template: 'champions-letter',
      trigger: customerEvent(postcard.customerId, 'Segment Entered', { segment_id: 'rfm-champions' }),
    };
    const before = Date.now();
    const outcome = await deps.activities().sendDirectMail(request);
    assert.equal(outcome.status, 'sent');
    assert.deepEqual(outcome.status === 'sent' && outcome.cost, deps.config.directMail.prices.letter);
    assert.deepEqual(
      deps.config.directMail.prices.letter,
      { amount: 127, currency: 'USD' },
      'the default letter price, not the postcard one',
    );

    const [received, ...more] = await deps.sink.received('lob', recipient);
    assert.equal(more.length, 0);
    const letter = received!.content as LobPiece & { object: string; file: string; color: boolean };
    assert.equal(letter.object, 'letter');
    assert.match(letter.id, /^ltr_/);
    assert.equal(received!.headers['idempotency-key'], idempotencyKeyOf(request.workflowId, request.step));
    assert.match(letter.file, /^<html>.*Dear \{\{name\}\}.*\{\{qr_code_url\}\}/s); // Lob merges them
    assert.equal(letter.color, true);
    assert.equal(letter.front, undefined, 'a letter has no postcard sides');
    assert.equal(letter.use_type, 'marketing');
    assert.deepEqual(letter.merge_variables, {
      name: 'Ada',
      qr_code_url: 'https://shop.example/early-access?utm_source=letter&utm_campaign=champions',
    });
    const window = Date.parse(letter.send_date) - before;
    assert.ok(window >= deps.config.directMail.cancelWindowMs, `send date ${letter.send_date}`);

    // Cancelled as a letter (DELETE /v1/letters/ltr_…): the ledger and the sink agree.
    assert.equal(await deps.activities().cancelDirectMail(request), 'cancelled');
    assert.equal((await findMessage(deps.db, idempotencyKeyOf(request.workflowId, request.step)))?.status, 'cancelled');
    const piece = (await (await fetch(`${deps.config.providerSink.url}/v1/letters/${letter.id}`)).json()) as { deleted?: boolean };
    assert.equal(piece.deleted, true);
  });

  it('skips a customer without a postal address, or without a name to address the piece to', async () => {
    for (const options of [{ address: null }, { named: false }]) {
      const { request, key } = await mailStep(options);
      const outcome = await deps.activities().sendDirectMail(request);
      assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'no-address');
      assert.equal((await findMessage(deps.db, key))?.reason, 'no-address');
    }
  });

  it('sends a piece an interrupted attempt left reserved again with the same key: Lob returns the first piece, nothing is printed twice', async () => {
    const { request, key, recipient } = await mailStep();
    // The crash: Lob took the piece, the worker died before the ledger heard of it.
    const lost = await deps.channels.directMail.sender.send({
      kind: 'postcard',
      to: { name: recipient, address },
      content: { front: '<html>front</html>', back: '<html>back</html>' },
      mergeVariables: {},
      sendDate: new Date(Date.now() + 3_600_000),
      idempotencyKey: key,
      description: 'test',
      metadata: {},
    });
    await recordMessage(
      deps.db,
      { ...request, channel: 'direct_mail', purpose: 'marketing', idempotencyKey: key },
      { status: 'sending', sentAt: new Date() },
    );

    const outcome = await deps.activities().sendDirectMail(request);
    assert.deepEqual(outcome.status === 'sent' && outcome.providerMessageId, lost.id);
    assert.equal((await deps.sink.received('lob', recipient)).length, 1);
    assert.equal((await findMessage(deps.db, key))?.status, 'sent');
  });

  it('does not ask again for a reserved piece the customer no longer allows: left as possibly sent, nothing printed', async () => {
    const { request, key, recipient } = await mailStep();
    // The crash came before Lob was reached; then the customer withdrew consent.
    await recordMessage(
      deps.db,
      { ...request, channel: 'direct_mail', purpose: 'marketing', idempotencyKey: key },
      { status: 'sending', sentAt: new Date() },
    );
    await project(deps.db, customerEvent(request.customerId, 'Consent Revoked', { channel: 'direct_mail', purpose: 'marketing' }));
    const outcome = await deps.activities().sendDirectMail(request);
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'possibly-sent');
    assert.equal((await deps.sink.received('lob', recipient)).length, 0);
  });

  it("records Lob's refusal of an undeliverable address (422) as failed", async () => {
    const { request, key, recipient } = await mailStep();
    await deps.sink.fault({ provider: 'lob', to: recipient, mode: 'reject', times: 1 });
    const outcome = await deps.activities().sendDirectMail(request);
    assert.deepEqual(outcome.status === 'failed' && outcome.reason, 'Lob 422: to address is undeliverable');
    assert.equal((await findMessage(deps.db, key))?.status, 'failed');
  });

  it('cancels a piece inside its window (the ledger says cancelled, caps no longer count it); past its send date it is too late', async () => {
    const { request, key } = await mailStep();
    await deps.activities().sendDirectMail(request);
    assert.equal(await deps.activities().cancelDirectMail(request), 'cancelled');
    assert.equal((await findMessage(deps.db, key))?.status, 'cancelled');
    assert.deepEqual(await recentSendTimes(deps.db, request.customerId, 'direct_mail', new Date(0)), []);
    assert.equal(await deps.activities().cancelDirectMail(request), 'cancelled'); // a retry changes nothing
    assert.equal((await deps.activities().sendDirectMail(request)).status, 'cancelled'); // nor does a replay of the send

    const printed = await mailStep();
    const noWindow = deps.activities({ directMail: { ...deps.channels.directMail, cancelWindowMs: 0 } });
    await noWindow.sendDirectMail(printed.request);
    assert.equal(await noWindow.cancelDirectMail(printed.request), 'too-late');
    assert.equal((await findMessage(deps.db, printed.key))?.status, 'sent');

    const neverSent = await mailStep({ address: null });
    await deps.activities().sendDirectMail(neverSent.request);
    assert.equal(await deps.activities().cancelDirectMail(neverSent.request), 'nothing-to-cancel');
  });
});
