/**
 * What the loyalty messages say: the points that expire and when, the balance as of the send
 * (`loyalty.points`), the tier; on the postcard too, as Lob's merge variables.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomerProfile } from '../../services/platform/db/customers.ts';
import { mailTemplates } from './direct-mail/templates.ts';
import { emailTemplates } from './email/templates.ts';
import { renderMessage } from './message-request.ts';
import type { TemplateData } from './liquid.ts';

const profile: CustomerProfile = {
  customerId: 'ada',
  email: 'ada@example.com',
  phone: null,
  address: null,
  timeZone: null,
  traits: { firstName: 'Ada' },
  loyalty: { points: 1840, tier: 'silver' },
};
const data = (extra: Partial<TemplateData>): TemplateData => ({ profile, trigger: {}, links: { shop: 'https://shop.example' }, ...extra });
const expiring = {
  points: 300,
  balance: 1840,
  expiresAt: '2027-05-19T10:00:00.000Z',
  lastExpiresAt: '2027-05-19T10:00:00.000Z',
  daysLeft: 30,
};

describe('loyalty templates', () => {
  it('says how many points expire on which day (or between which days of the week), and a last call a week before', () => {
    const first = renderMessage(emailTemplates, 'email', 'loyalty-points-expiring', data({ facts: expiring }));
    assert.equal(first.subject, '300 of your points expire on May 19');
    assert.match(first.text, /300 of your 1840 points expire on May 19, 2027\./);
    assert.doesNotMatch(first.text, /your oldest/, 'a frequent buyer has older points still');
    const last = renderMessage(emailTemplates, 'email', 'loyalty-points-expiring', data({ facts: { ...expiring, daysLeft: 7 } }));
    assert.match(last.subject, /^Last week: /);
    const week = { ...expiring, lastExpiresAt: '2027-05-22T18:00:00.000Z' };
    assert.match(
      renderMessage(emailTemplates, 'email', 'loyalty-points-expiring', data({ facts: week })).text,
      /300 of your 1840 points expire between May 19, 2027 and May 22, 2027\./,
      "a week's points: the first and the last day",
    );
  });

  it("says a month's points summed, from the first day to the last, in the email and on the card", () => {
    const month = {
      points: 150,
      balance: 780,
      expiresAt: '2027-05-19T10:00:00.000Z',
      lastExpiresAt: '2027-06-16T10:00:00.000Z',
      daysLeft: 30,
    };
    const email = renderMessage(emailTemplates, 'email', 'loyalty-points-expiring', data({ facts: month }));
    assert.equal(email.subject, '150 of your points expire from May 19');
    assert.match(email.text, /150 of your 780 points expire between May 19, 2027 and June 16, 2027\. Points go oldest first:/);
    const last = renderMessage(emailTemplates, 'email', 'loyalty-points-expiring', data({ facts: { ...month, daysLeft: 7 } }));
    assert.equal(last.subject, 'Last week: 150 of your points expire from May 19');
    const card = renderMessage(
      { card: mailTemplates['loyalty-points-expiring-card'].mergeVariables },
      'direct mail',
      'card',
      data({ facts: month }),
    );
    assert.deepEqual([card.points, card.balance, card.expires_on], ['150', '780', 'May 19, 2027']);
  });

  it('prints the expiring points and the balance on the card, linked to its campaign', () => {
    const card = mailTemplates['loyalty-points-expiring-card'];
    assert.equal(card.kind, 'postcard');
    const merged = renderMessage({ card: card.mergeVariables }, 'direct mail', 'card', data({ facts: expiring }));
    assert.deepEqual(merged, {
      name: 'Ada',
      points: '300',
      balance: '1840',
      expires_on: 'May 19, 2027',
      qr_code_url: 'https://shop.example/account/points?utm_source=postcard&utm_campaign=loyalty-points-expiry',
    });
  });

  it('names the tier reached, the balance as of the send, and what keeps a tier at risk', () => {
    const upgrade = renderMessage(emailTemplates, 'email', 'loyalty-tier-upgrade', data({ trigger: { tier: 'gold' } }));
    assert.equal(upgrade.subject, 'Welcome to Gold');
    assert.match(upgrade.text, /You have 1840 points to spend\./);
    const atRisk = renderMessage(
      emailTemplates,
      'email',
      'loyalty-tier-at-risk',
      data({ facts: { tier: 'silver', basis: 'points', heldUntil: '2027-02-01T10:00:00.000Z', neededToKeep: 250 } }),
    );
    assert.match(atRisk.text, /250 more points before February 1, 2027 keep it for you\./);
    const milestone = renderMessage(emailTemplates, 'email', 'loyalty-milestone', data({ trigger: { milestone: 1000 } }));
    assert.match(milestone.text, /You have earned 1000 points since you joined/);
  });
});
