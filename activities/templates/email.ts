/**
 * Email templates of the shipped journeys. The cart series keeps a customer-service tone
 * and offers no discount: customers must not learn that abandoning a cart pays.
 */
const hi = '{% if profile.firstName %}Hi {{ profile.firstName }},{% else %}Hi,{% endif %}';
const cart = '{% if trigger.value %}your cart ({{ trigger.value | money }}){% else %}your cart{% endif %}';
const footer = '\n--\nYou get these emails because you agreed to news from us. Unsubscribe: {{ links.unsubscribe }}\n';

export const emailTemplates: Record<string, { subject: string; text: string }> = {
  'cart-reminder-1': {
    subject: 'Did something go wrong at checkout?',
    text: `${hi}\n\nYou left ${cart} at checkout. If anything got in the way (a question about sizing, delivery or payment), just reply to this email: a person on our team will answer.\n\nYour cart is saved for you.\n${footer}`,
  },
  'cart-reminder-2': {
    subject: 'Your cart is still waiting',
    text: `${hi}\n\nWe kept ${cart} for you. Questions? Reply here or call our support team.\n${footer}`,
  },
  'cart-reminder-3': {
    subject: 'Last reminder about your cart',
    text: `${hi}\n\nThis is our last note about ${cart}. We won't bother you about it again.\n${footer}`,
  },
};
