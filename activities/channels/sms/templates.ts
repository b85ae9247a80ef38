/**
 * SMS templates. Every marketing text ends with how to opt out (carriers and the TCPA
 * expect it); keep them short: one segment is 160 GSM characters.
 */
const optOut = ' Reply STOP to opt out.';

export const smsTemplates = {
  'cart-reminder-sms': {
    body: `{% if profile.firstName %}{{ profile.firstName }}, y{% else %}Y{% endif %}our cart is saved. Questions? Just reply to this text.${optOut}`,
  },
  'oops-apology-sms': {
    body: `{% if profile.firstName %}{{ profile.firstName }}, s{% else %}S{% endif %}orry: our last text to you went wrong. Nothing to do on your side; reply if it caused you trouble.${optOut}`,
  },
  // Re-permission: the link is the one click; the offer's code, when there is one, in a few words.
  'consent-renewal-sms': {
    body: `{% if profile.firstName %}{{ profile.firstName }}, y{% else %}Y{% endif %}our OK for our texts ends {{ facts.lapsesAt | date: "%b %-d" }}. Keep it: {{ links.renew }}{% if coupon %} and take {{ coupon.discount }} with {{ coupon.code }}{% endif %}.${optOut}`,
  },
} satisfies Record<string, { body: string }>;
