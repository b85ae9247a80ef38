/**
 * What the lifecycle pieces print for a customer: their merge variables rendered from the
 * profile, the trigger and the coupon, and Lob's `{{variables}}` left in the HTML for Lob.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomerProfile } from '../../../services/platform/db/customers.ts';
import { renderMessage } from '../message-request.ts';
import { mailTemplates } from './templates.ts';

const mergeVariables: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(mailTemplates).map(([name, template]) => [name, template.mergeVariables]),
);
const profile = (traits: Record<string, unknown>): CustomerProfile => ({
  customerId: 'ada',
  email: null,
  phone: null,
  address: null,
  timeZone: null,
  traits,
});
const render = (template: keyof typeof mailTemplates, data: { traits?: Record<string, unknown>; coupon?: { code: string } }) =>
  renderMessage(mergeVariables, 'direct mail', template, {
    profile: profile(data.traits ?? {}),
    trigger: {},
    links: { shop: 'https://shop.example' },
    ...(data.coupon ? { coupon: { ...data.coupon, discount: '15%', expiresAt: '2027-01-31T00:00:00.000Z' } } : {}),
  });

describe('lifecycle mail templates', () => {
  it('prints the new-customer bonus code with its expiry, and a bonus without a code when the pool had none', () => {
    assert.equal(
      render('new-customer-bonus-postcard', { traits: { firstName: 'Ada' }, coupon: { code: 'NEW-7Q2' } }).offer,
      '15% off with the code NEW-7Q2, until January 31, 2027',
    );
    assert.equal(render('new-customer-bonus-postcard', {}).offer, 'Free shipping on your next order.');
    assert.equal(render('new-customer-bonus-postcard', {}).name, 'friend');
  });

  it('links each piece to its own campaign, so its orders are attributed to it', () => {
    assert.equal(
      render('catalog-postcard', {}).qr_code_url,
      'https://shop.example/catalog?utm_source=postcard&utm_campaign=awareness-catalog',
    );
    assert.equal(render('champions-letter', {}).qr_code_url, 'https://shop.example/early-access?utm_source=letter&utm_campaign=champions');
  });

  it('makes the champions piece a letter, one HTML file Lob merges, and the others postcards', () => {
    const letter = mailTemplates['champions-letter'];
    assert.equal(letter.kind, 'letter');
    assert.ok('file' in letter.content && /\{\{name\}\}/.test(letter.content.file));
    assert.deepEqual([mailTemplates['catalog-postcard'].kind, mailTemplates['new-customer-bonus-postcard'].kind], ['postcard', 'postcard']);
  });
});
