/**
 * Direct mail templates. The HTML is Lob's: Lob merges `{{variable}}` into it from
 * `merge_variables`, whose values we render here with Liquid from the profile and the
 * trigger. Postcards are 4x6; keep the back's right half free for the address and postage.
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
} satisfies Record<string, MailTemplate>;
