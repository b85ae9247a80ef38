import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConsentLinks } from './consent-links.ts';
import { createUnsubscribeLinks } from './unsubscribe-links.ts';

const options = { baseUrl: 'https://consent.example', secret: 'a-secret-of-sixteen-chars' };
const links = createConsentLinks(options);
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('consent links', () => {
  it('stand for the customer and channel they were made for, and a confirmation for its grant', () => {
    const renew = links.urlFor('renew', { customerId: 'c-1', channel: 'sms' });
    assert.match(renew, /^https:\/\/consent\.example\/renew\//);
    assert.deepEqual(links.verify('renew', tokenOf(renew)), { customerId: 'c-1', channel: 'sms' });
    const grantedAt = '2026-01-02T03:04:05.000Z';
    const confirm = links.urlFor('confirm', { customerId: 'c-1', channel: 'email', grantedAt });
    assert.deepEqual(links.verify('confirm', tokenOf(confirm)), { customerId: 'c-1', channel: 'email', grantedAt });
  });

  it('refuse a token of another kind, an unsubscribe token, an edited token and another secret', () => {
    const renew = tokenOf(links.urlFor('renew', { customerId: 'c-1', channel: 'email' }));
    assert.equal(links.verify('confirm', renew), null);
    const unsubscribe = tokenOf(createUnsubscribeLinks(options).urlFor({ customerId: 'c-1', channel: 'email', purpose: 'marketing' }));
    assert.equal(links.verify('renew', unsubscribe), null);
    const [, signature] = renew.split('.');
    const someoneElse = Buffer.from(JSON.stringify(['c-2', 'email'])).toString('base64url');
    assert.equal(links.verify('renew', `${someoneElse}.${signature}`), null);
    assert.equal(createConsentLinks({ ...options, secret: 'another-secret-of-16' }).verify('renew', renew), null);
  });
});
