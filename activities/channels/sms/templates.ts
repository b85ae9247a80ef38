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
} satisfies Record<string, { body: string }>;
