/** Who an apology goes to, from the real message ledger: those the step was sent to, since a time if given. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../config.ts';
import { completeMessage, recordMessage } from '../db/message-ledger.ts';
import { migrate } from '../db/migrate.ts';
import { createDb } from '../db/pool.ts';
import { recipientsOf } from './apology-requests.ts';

const db = createDb(loadConfig().databaseUrl);
before(() => migrate(db));
after(() => db.end());

async function sent(journeyId: string, customerId: string, sentAt: Date) {
  const workflowId = uniqueId('journey/sent');
  const idempotencyKey = `${workflowId}/broken-step`;
  const message = {
    idempotencyKey,
    customerId,
    journeyId,
    workflowId,
    step: 'broken-step',
    channel: 'email' as const,
    purpose: 'marketing' as const,
  };
  await recordMessage(db, message, { status: 'sending', sentAt });
  await completeMessage(db, idempotencyKey, { status: 'sent', providerMessageId: uniqueId('provider') });
}

describe('apology recipients', () => {
  it('are the customers the step was sent to; with a time, only those it was sent to since; with ids, only those', async () => {
    const journeyId = uniqueId('journey');
    const [early, late, both] = [uniqueId('early'), uniqueId('late'), uniqueId('both')];
    await sent(journeyId, early, new Date('2026-11-01T09:00:00Z'));
    await sent(journeyId, late, new Date('2026-11-20T09:00:00Z'));
    await sent(journeyId, both, new Date('2026-11-02T09:00:00Z'));
    await sent(journeyId, both, new Date('2026-11-21T09:00:00Z'));
    const ids = (recipients: { customerId: string }[]) => recipients.map((recipient) => recipient.customerId).sort();
    assert.deepEqual(ids(await recipientsOf(db, journeyId, 'broken-step')), [both, early, late].sort());
    assert.deepEqual(ids(await recipientsOf(db, journeyId, 'broken-step', new Date('2026-11-15T00:00:00Z'))), [both, late].sort());
    assert.deepEqual(
      ids(await recipientsOf(db, journeyId, 'broken-step', undefined, [early, both, uniqueId('other')])),
      [both, early].sort(),
    );
  });
});
