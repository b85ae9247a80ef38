/**
 * Push notification templates: what the shop's service worker shows (title, body) and
 * opens on a click (url). Notifications are cut short on most devices: keep the body
 * under ~120 characters and the point first.
 */
export const pushTemplates = {
  'cart-reminder-push': {
    title: 'Your cart is saved',
    body: '{% if profile.firstName %}{{ profile.firstName }}, y{% else %}Y{% endif %}our cart{% if trigger.value %} ({{ trigger.value | money }}){% endif %} is waiting for you.',
    url: '/cart',
  },
  'review-request-push': {
    title: 'How is your order?',
    body: 'Tell other customers what you think: it takes two minutes.',
    url: '/orders/{{ trigger.order_id }}/review',
  },
} satisfies Record<string, { title: string; body: string; url: string }>;
