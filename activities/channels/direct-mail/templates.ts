/**
 * Direct mail templates. The HTML is Lob's: Lob merges `{{variable}}` into it from
 * `merge_variables`, whose values we render here with Liquid from the profile and the
 * trigger. Postcards are 4x6; keep the back's right half free for the address and postage.
 * Letters are one US Letter page printed in colour; Lob prints the address block over the
 * top of the first page (its default placement), so the text starts below it.
 */
import type { MailKind } from './lob-mail.ts';

export interface MailTemplate {
  kind: MailKind;
  /** Shown in Lob's dashboard: what the piece is, never who it is for. */
  description: string;
  content: { front: string; back: string } | { file: string };
  /** Liquid, rendered per customer into Lob's merge variables. */
  mergeVariables: Record<string, string>;
}

/** Clear of the address block Lob prints at the top of a letter's first page. */
const LETTER_TOP = '3.5in';

const page = (body: string) => `<html><body style="margin:0;font-family:Helvetica,Arial,sans-serif;">${body}</body></html>`;

export const mailTemplates = {
  /** Retargeting for a high-value abandoned cart: service, not a discount. */
  'cart-postcard': {
    kind: 'postcard',
    description: 'Cart abandonment postcard',
    content: {
      front: page('<div style="padding:0.5in;"><h1 style="font-size:28pt;">Still thinking it over, {{name}}?</h1></div>'),
      back: page(
        '<div style="width:2.75in;padding:0.25in;font-size:11pt;"><p>Your cart ({{cart_value}}) is saved for you.</p>' +
          '<p>Scan or visit {{qr_code_url}} to pick up where you left off.</p><p><b>{{offer}}</b></p></div>',
      ),
    },
    mergeVariables: {
      name: '{{ profile.firstName | default: "friend" }}',
      cart_value: '{{ trigger.value | money }}',
      qr_code_url: '{{ links.shop }}/cart?utm_source=postcard&utm_campaign=cart-abandonment',
      offer: 'Free returns for 60 days on everything in it.',
    },
  },
  /** Win-back at twice the customer's purchase latency, for customers worth the piece. */
  'winback-postcard': {
    kind: 'postcard',
    description: 'Win-back postcard',
    content: {
      front: page('<div style="padding:0.5in;"><h1 style="font-size:28pt;">We have missed you, {{name}}.</h1></div>'),
      back: page(
        '<div style="width:2.75in;padding:0.25in;font-size:11pt;"><p>A lot is new since your last order.</p>' +
          '<p>Scan or visit {{qr_code_url}} to see it.</p><p><b>{{offer}}</b></p></div>',
      ),
    },
    mergeVariables: {
      name: '{{ profile.firstName | default: "friend" }}',
      qr_code_url: '{{ links.shop }}/?utm_source=postcard&utm_campaign=win-back',
      offer:
        '{% if coupon %}{{ coupon.discount }} off with the code {{ coupon.code }}{% else %}Free returns for 60 days on everything.{% endif %}',
    },
  },
  /** Awareness: the catalog, to a prospect who has just subscribed and has given a postal address. */
  'catalog-postcard': {
    kind: 'postcard',
    description: 'Catalog postcard for new subscribers',
    content: {
      front: page(
        '<div style="padding:0.5in;"><h1 style="font-size:28pt;">Welcome aboard, {{name}}.</h1><p>Our new catalog is here.</p></div>',
      ),
      back: page(
        '<div style="width:2.75in;padding:0.25in;font-size:11pt;"><p>Thank you for subscribing.</p>' +
          "<p>Scan or visit {{qr_code_url}} to leaf through this season's catalog.</p></div>",
      ),
    },
    mergeVariables: {
      name: '{{ profile.firstName | default: "friend" }}',
      qr_code_url: '{{ links.shop }}/catalog?utm_source=postcard&utm_campaign=awareness-catalog',
    },
  },
  /** Acquisition: after a new customer's first sizeable order, a reason to come back for a second. */
  'new-customer-bonus-postcard': {
    kind: 'postcard',
    description: 'New customer bonus postcard',
    content: {
      front: page('<div style="padding:0.5in;"><h1 style="font-size:28pt;">Thank you for your first order, {{name}}.</h1></div>'),
      back: page(
        '<div style="width:2.75in;padding:0.25in;font-size:11pt;"><p>A welcome bonus for your next one:</p>' +
          '<p><b>{{offer}}</b></p><p>Scan or visit {{qr_code_url}}.</p></div>',
      ),
    },
    mergeVariables: {
      name: '{{ profile.firstName | default: "friend" }}',
      qr_code_url: '{{ links.shop }}/?utm_source=postcard&utm_campaign=new-customer-bonus',
      offer:
        '{% if coupon %}{{ coupon.discount }} off with the code {{ coupon.code }}, until {{ coupon.expiresAt | date: "%B %-d, %Y" }}{% else %}Free shipping on your next order.{% endif %}',
    },
  },
  /** Loyalty: a signed letter when a customer enters the champions; attention, not a discount. */
  'champions-letter': {
    kind: 'letter',
    description: 'Champions loyalty letter',
    content: {
      file: page(
        `<div style="padding:${LETTER_TOP} 1in 1in 1in;font-family:Georgia,serif;font-size:12pt;line-height:1.5;">` +
          '<p>Dear {{name}},</p>' +
          '<p>You have become one of the customers who shop with us most often and most recently. ' +
          'We wanted to thank you on paper, not only on a screen.</p>' +
          '<p>As one of our champions you hear of new collections before anyone else. ' +
          'See what is coming at {{qr_code_url}}, and if there is anything we could do better, write to us: it comes straight to us.</p>' +
          '<p>With thanks,<br>The team who pack your orders</p></div>',
      ),
    },
    mergeVariables: {
      name: '{{ profile.firstName | default: "friend" }}',
      qr_code_url: '{{ links.shop }}/early-access?utm_source=letter&utm_campaign=champions',
    },
  },
  /** Mailed a week ahead so it arrives on the day, for high-value customers with an address. */
  'birthday-postcard': {
    kind: 'postcard',
    description: 'Birthday postcard',
    content: {
      front: page('<div style="padding:0.5in;"><h1 style="font-size:30pt;">Happy birthday, {{name}}!</h1></div>'),
      back: page(
        '<div style="width:2.75in;padding:0.25in;font-size:11pt;"><p>From all of us, with thanks for being one of our best customers.</p>' +
          '<p><b>{{offer}}</b></p><p>Scan or visit {{qr_code_url}}</p></div>',
      ),
    },
    mergeVariables: {
      name: '{{ profile.firstName | default: "friend" }}',
      qr_code_url: '{{ links.shop }}/?utm_source=postcard&utm_campaign=birthday',
      offer:
        '{% if coupon %}{{ coupon.discount }} with the code {{ coupon.code }}, until {{ coupon.expiresAt | date: "%B %-d" }}{% else %}With our warmest wishes.{% endif %}',
    },
  },
  /** Loyalty: "your points are expiring", 30 days ahead, for balances worth a piece. */
  'loyalty-points-expiring-card': {
    kind: 'postcard',
    description: 'Loyalty points expiring postcard',
    content: {
      front: page('<div style="padding:0.5in;"><h1 style="font-size:28pt;">{{name}}, your points are waiting.</h1></div>'),
      back: page(
        '<div style="width:2.75in;padding:0.25in;font-size:11pt;"><p><b>{{points}} points</b> expire from {{expires_on}}.</p>' +
          '<p>You have {{balance}} points in all. Scan or visit {{qr_code_url}} to spend them.</p></div>',
      ),
    },
    mergeVariables: {
      name: '{{ profile.firstName | default: "Hello" }}',
      points: '{{ facts.points }}',
      balance: '{{ facts.balance }}',
      // The first of the week's to go: the card says when to act by.
      expires_on: '{{ facts.expiresAt | date: "%B %-d, %Y" }}',
      qr_code_url: '{{ links.shop }}/account/points?utm_source=postcard&utm_campaign=loyalty-points-expiry',
    },
  },
  /** Loyalty status mailer: the tiers named in the tier-upgrade journey get it on paper. */
  'loyalty-status-card': {
    kind: 'postcard',
    description: 'Loyalty status postcard',
    content: {
      front: page('<div style="padding:0.5in;"><h1 style="font-size:30pt;">Welcome to {{tier}}, {{name}}.</h1></div>'),
      back: page(
        '<div style="width:2.75in;padding:0.25in;font-size:11pt;"><p>Thank you for a year of shopping with us.</p>' +
          '<p>Your {{tier}} benefits start today: scan or visit {{qr_code_url}}</p></div>',
      ),
    },
    mergeVariables: {
      name: '{{ profile.firstName | default: "friend" }}',
      tier: '{{ trigger.tier | capitalize }}',
      qr_code_url: '{{ links.shop }}/account/tier?utm_source=postcard&utm_campaign=loyalty-tier-upgrade',
    },
  },
} satisfies Record<string, MailTemplate>;
