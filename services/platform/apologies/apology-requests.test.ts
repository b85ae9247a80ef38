/** The apology requests' event ids: the same on every run, within the catalog's Id limit, one per customer and step. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Id } from '../../../schemas/primitives.ts';
import { apologyEventId, apologyRequest } from './apology-requests.ts';
import { checkEnvelope } from '../../../schemas/envelope.ts';

describe('apology requests', () => {
  it('names each request by journey, step and customer, the same on every run', () => {
    assert.equal(apologyEventId('welcome', 'welcome-2', 'c-42'), 'apology/welcome/welcome-2/c-42');
    assert.equal(apologyEventId('welcome', 'welcome-2', 'c-42'), apologyEventId('welcome', 'welcome-2', 'c-42'));
    assert.notEqual(apologyEventId('welcome', 'welcome-2', 'c-42'), apologyEventId('welcome', 'welcome-3', 'c-42'));
  });

  it('hashes an id too long for the catalog, still one per customer', () => {
    const long = 'c'.repeat(200);
    const id = apologyEventId('welcome', 'welcome-2', long);
    assert.equal(Id.safeParse(id).success, true, id);
    assert.match(id, /^apology\/sha256:[\da-f]{64}$/);
    assert.equal(id, apologyEventId('welcome', 'welcome-2', long));
    assert.notEqual(id, apologyEventId('welcome', 'welcome-2', `${long}x`));
  });

  it('writes an envelope the catalog accepts', () => {
    const envelope = apologyRequest('welcome', 'welcome-2', { customerId: 'c'.repeat(200), channel: 'sms' }, new Date());
    assert.deepEqual(checkEnvelope(envelope), { ok: true, value: envelope });
    assert.deepEqual(envelope.payload, { journey_id: 'welcome', step: 'welcome-2', channel: 'sms' });
  });
});
