/**
 * SMS templates. Every marketing text ends with how to opt out (carriers and the TCPA
 * expect it); keep them short: one segment is 160 GSM characters.
 */
const optOut = ' Reply STOP to opt out.';

export const smsTemplates = {
  'cart-reminder-sms': {
    body: `{% if profile.firstName %}{{ profile.firstName }}, y{% else %}Y{% endif %}our cart is saved. Questions? Just reply to this text.${optOut}`,
  },
} satisfies Record<string, { body: string }>;
