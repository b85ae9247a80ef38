/**
 * Email templates of the shipped journeys. The cart series keeps a customer-service tone
 * and offers no discount, but in the tested 'discount' arm of its third reminder: customers
 * must not learn that abandoning a cart pays. The welcome
 * series' second email exists in two variants (an A/B test, see workflows/journeys/welcome.ts).
 * A template is text, and may add `html`; links in either are tracked as the email leaves
 * (activities/channels/link-tracking.ts).
 */
const hi = '{% if profile.firstName %}Hi {{ profile.firstName }},{% else %}Hi,{% endif %}';
const cart = '{% if trigger.value %}your cart ({{ trigger.value | money }}){% else %}your cart{% endif %}';
/** A yearly occasion's coupon, when the journey offered one (not for the holdout or an empty pool). */
const yearlyOffer =
  '{% if coupon %} And a present from us: {{ coupon.discount }} with the code {{ coupon.code }}, yours alone until {{ coupon.expiresAt | date: "%B %-d, %Y" }}.{% endif %}';
/** Which permission a renewal request is about: that of the grant that started the journey. */
const renewalWhat =
  "{% case trigger.channel %}{% when 'sms' %}Your permission for our text messages{% when 'push' %}Your permission for our notifications{% when 'direct_mail' %}Your permission for our catalogues and offers by post{% else %}Your permission for our emails{% endcase %}";
/** The renewal offer: time since the last order, what they bought most, and a code for their country's pool. */
const renewalOffer =
  '{% if facts.monthsSinceLastOrder >= 2 %}\nIt has been {{ facts.monthsSinceLastOrder }} months since your last order{% if facts.favouriteCategory %}, and there is a lot new in {{ facts.favouriteCategory }}{% endif %}.{% elsif facts.favouriteCategory %}\nThere is a lot new in {{ facts.favouriteCategory }}.{% endif %}{% if coupon %}\nIf you stay, {{ coupon.discount }} off your next order is yours with the code {{ coupon.code }} (valid until {{ coupon.expiresAt | date: "%B %-d, %Y" }}).{% endif %}\n';
/** The expiring points a reminder announces (a week's, a month's): one date, or the first and the last. */
const pointsExpiryDays =
  '{% assign first = facts.expiresAt | date: "%B %-d, %Y" %}{% assign last = facts.lastExpiresAt | date: "%B %-d, %Y" %}';
const pointsExpiryDates = `${pointsExpiryDays}{% if last == first or last == "" %}on {{ first }}{% else %}between {{ first }} and {{ last }}{% endif %}`;
const footer = '\n--\nYou get these emails because you agreed to news from us. Unsubscribe: {{ links.unsubscribe }}\n';

export const emailTemplates = {
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
  'cart-reminder-3-coupon': {
    subject: 'Last reminder about your cart, with something from us',
    text: `${hi}\n\nThis is our last note about ${cart}. If it helps you decide: {{ coupon.discount }} with the code {{ coupon.code }}, yours alone until {{ coupon.expiresAt | date: "%B %-d, %Y" }}.\n${footer}`,
  },
  'referral-welcome': {
    subject: 'Welcome: a friend sent you our way',
    text: `${hi}\n\nA friend of yours thought you would like our shop, and we are glad you came. A person answers every reply to our emails, if anything is unclear.\n\n{{ links.shop }}\n${footer}`,
  },
  'referral-welcome-coupon': {
    subject: 'Welcome: a present from your friend and us',
    text: `${hi}\n\nA friend of yours thought you would like our shop. For your first order: {{ coupon.discount }} with the code {{ coupon.code }}, yours alone until {{ coupon.expiresAt | date: "%B %-d, %Y" }}.\n\n{{ links.shop }}\n${footer}`,
  },
  'referral-reward': {
    subject: 'Your friend placed their first order: thank you',
    text: `${hi}\n\nA friend you invited has just placed their first order with us. Thank you for sending them our way: our team will be in touch about your reward.\n${footer}`,
  },
  'referral-reward-coupon': {
    subject: 'Your friend placed their first order: here is your reward',
    text: `${hi}\n\nA friend you invited has just placed their first order with us. Thank you: {{ coupon.discount }} is yours with the code {{ coupon.code }}, valid until {{ coupon.expiresAt | date: "%B %-d, %Y" }}.\n${footer}`,
  },
  // Loyalty (workflows/journeys/loyalty-*.ts): `loyalty.points` is the balance as of the send.
  'loyalty-points-expiring': {
    // Several days' points: the subject says from when, the text from when to when.
    subject: `{% if facts.daysLeft <= 7 %}Last week: {% endif %}{{ facts.points }} of your points expire ${pointsExpiryDays}{% if last == first or last == "" %}on{% else %}from{% endif %} {{ facts.expiresAt | date: "%B %-d" }}`,
    text: `${hi}\n\n{{ facts.points }} of your {{ facts.balance }} points expire ${pointsExpiryDates}. Points go oldest first: use them on your next order and nothing is lost.\n\nSee your points: {{ links.shop }}/account/points\n${footer}`,
  },
  'loyalty-milestone': {
    subject: 'You have earned {{ trigger.milestone }} points with us',
    text: `${hi}\n\nYou have earned {{ trigger.milestone }} points since you joined: thank you for every one of them. You have {{ loyalty.points }} to spend now.\n\n{{ links.shop }}/account/points\n${footer}`,
  },
  'loyalty-milestone-coupon': {
    subject: '{{ trigger.milestone }} points: a present from us',
    text: `${hi}\n\nYou have earned {{ trigger.milestone }} points since you joined. To thank you: {{ coupon.discount }} with the code {{ coupon.code }}, yours alone until {{ coupon.expiresAt | date: "%B %-d, %Y" }}. Your {{ loyalty.points }} points stay yours too.\n${footer}`,
  },
  'loyalty-tier-upgrade': {
    subject: 'Welcome to {{ trigger.tier | capitalize }}',
    text: `${hi}\n\nWith what you earned with us over the last 12 months you are now a {{ trigger.tier | capitalize }} member. Your benefits start today: {{ links.shop }}/account/tier\n\nYou have {{ loyalty.points }} points to spend.\n${footer}`,
  },
  'loyalty-tier-at-risk': {
    subject: 'Keep your {{ facts.tier | capitalize }} status',
    text: `${hi}\n\nYour {{ facts.tier | capitalize }} status counts what you earned over the last 12 months. {% if facts.basis == 'spend' %}{{ facts.neededToKeep }} more in orders{% else %}{{ facts.neededToKeep }} more points{% endif %} before {{ facts.heldUntil | date: "%B %-d, %Y" }} keep it for you.\n\n{{ links.shop }}/account/tier\n${footer}`,
  },
  'welcome-1': {
    subject: 'Welcome! Here is what to expect from us',
    text: `${hi}\n\nThank you for opening an account. Every order ships free over $50, returns are free for 60 days, and a person answers every reply to our emails.\n${footer}`,
  },
  'welcome-2-brand-story': {
    subject: 'Why we started this shop',
    text: `${hi}\n\nWe started with one idea: fewer, better things that last. Here is how we choose what we sell, and who makes it.\n${footer}`,
  },
  'welcome-2-bestsellers': {
    subject: 'What other customers love most',
    text: `${hi}\n\nNot sure where to start? These are the pieces our customers buy again and again.\n${footer}`,
  },
  'welcome-3-coupon': {
    subject: 'A little something for your first order',
    text: `${hi}\n\nIf anything is holding you back, reply to this email and we will help. And for your first order: {{ coupon.discount }} with the code {{ coupon.code }} (yours alone, valid until {{ coupon.expiresAt | date: "%B %-d, %Y" }}).\n${footer}`,
  },
  'welcome-4-code-expiring': {
    subject: 'Your first-order code expires soon',
    text: `${hi}\n\nA reminder: your code {{ coupon.code }} ({{ coupon.discount }}) is valid until {{ coupon.expiresAt | date: "%B %-d, %Y" }}. It is yours alone, for your first order.\n\n{{ links.shop }}\n${footer}`,
  },
  'welcome-3': {
    subject: 'Any questions before your first order?',
    text: `${hi}\n\nIf anything is holding you back (sizing, delivery times, materials), reply to this email and we will help.\n${footer}`,
  },
  'review-request': {
    subject: 'How is your order?',
    text: `${hi}\n\nYour order {{ trigger.order_id }} arrived a few days ago. Would you tell other customers what you think of it? Two minutes, and it helps them choose.\n\nWrite a review: {{ links.shop }}/orders/{{ trigger.order_id }}/review\n${footer}`,
  },
  apology: {
    subject: 'We are sorry',
    text: `${hi}\n\nThank you for telling us what went wrong{% if trigger.order_id %} with your order {{ trigger.order_id }}{% endif %}, and we are sorry. A person on our team is looking into it and will write to you; if there is anything to add, reply to this email.\n${footer}`,
  },
  'apology-coupon': {
    subject: 'We are sorry',
    text: `${hi}\n\nThank you for telling us what went wrong{% if trigger.order_id %} with your order {{ trigger.order_id }}{% endif %}, and we are sorry. A person on our team is looking into it and will write to you. As an apology: {{ coupon.discount }} off your next order with the code {{ coupon.code }} (valid until {{ coupon.expiresAt | date: "%B %-d, %Y" }}).\n${footer}`,
  },
  // The operators' apology for a broken or repeated message (workflows/journeys/oops-apology.ts):
  // it names which message without repeating it, and asks nothing of the customer.
  'oops-apology': {
    subject: 'Sorry about our last message',
    text: `${hi}\n\nOur recent {% case trigger.channel %}{% when 'sms' %}text message{% when 'push' %}notification{% when 'direct_mail' %}letter{% else %}email{% endcase %} to you went wrong: it was sent by mistake, more than once, or with something broken in it. We are sorry. There is nothing you need to do; if it caused you any trouble, reply to this email and a person on our team will sort it out.\n${footer}`,
  },
  'winback-1': {
    subject: 'It has been a while',
    text: `${hi}\n\nIt has been a while since your last order, so we wanted to check in: is everything you bought working out? If anything is not right, reply to this email and a person on our team will sort it out.\n\nWhat is new in the shop: {{ links.shop }}\n${footer}`,
  },
  'winback-2': {
    subject: 'What is new since your last visit',
    text: `${hi}\n\n{% if trigger.products[0].category %}There is a lot new in {{ trigger.products[0].category }} since your last order. {% endif %}Have a look: {{ links.shop }}\n${footer}`,
  },
  'winback-2-offer': {
    subject: 'Something for your next order',
    text: `${hi}\n\n{% if trigger.products[0].category %}There is a lot new in {{ trigger.products[0].category }} since your last order, and {% else %}We have missed you, and {% endif %}here is {{ coupon.discount }} off your next order with the code {{ coupon.code }} (yours alone, valid until {{ coupon.expiresAt | date: "%B %-d, %Y" }}).\n\n{{ links.shop }}\n${footer}`,
  },
  'vip-thank-you': {
    subject: 'Thank you for being one of our best customers',
    text: `${hi}\n\nYou are among the customers who order from us most, and we wanted to say thank you, from the people who pack your orders. If there is anything we could do better, reply to this email: it comes straight to us.\n${footer}`,
  },
  'vip-we-miss-you': {
    subject: 'We have missed you',
    text: `${hi}\n\nYou have been one of our most loyal customers, and it has been a while. Has anything changed, or did we let you down somewhere? Reply and tell us: a person reads every answer.\n\nWhat is new in the shop: {{ links.shop }}\n${footer}`,
  },
  'browse-abandonment': {
    subject: '{% if products[0].name %}Still thinking about {{ products[0].name }}?{% else %}Still thinking it over?{% endif %}',
    text: `${hi}\n\nYou came back to {% if products.size > 1 %}these more than once{% else %}this more than once{% endif %}, so we kept {% if products.size > 1 %}them{% else %}it{% endif %} for you:\n{% for product in products %}\n- {{ product.name | default: product.productId }}{% if product.url %}: {{ product.url }}{% endif %}{% endfor %}\n\nQuestions about sizing, materials or delivery? Reply to this email: a person on our team will answer.\n${footer}`,
  },
  birthday: {
    subject: 'Happy birthday{% if profile.firstName %}, {{ profile.firstName }}{% endif %}!',
    text: `${hi}\n\nHappy birthday from all of us!${yearlyOffer}\n\n{{ links.shop }}\n${footer}`,
  },
  'signup-anniversary': {
    subject: 'One more year together',
    text: `${hi}\n\nIt is the anniversary of the day you joined us: thank you for being here.${yearlyOffer}\n\n{{ links.shop }}\n${footer}`,
  },
  'first-order-anniversary': {
    subject: 'It has been a year since your first order',
    text: `${hi}\n\nOn this day you placed your first order with us. Thank you for trusting us then, and since.${yearlyOffer}\n\n{{ links.shop }}\n${footer}`,
  },
  // Re-permission (workflows/journeys/re-permission.ts): the consent of `trigger.channel` lapses
  // on `facts.lapsesAt`; the offer says only what the customer's data says (renewal facts).
  'consent-renewal': {
    subject: '{% if facts.daysLeft <= 7 %}Last call: {% endif %}shall we keep in touch?',
    text: `${hi}\n\n${renewalWhat} ends on {{ facts.lapsesAt | date: "%B %-d, %Y" }}. After that we will not write to you any more, unless you tell us to. One click keeps it:\n\n{{ links.renew }}\n${renewalOffer}\nIf you would rather not hear from us, do nothing: it ends by itself.\n${footer}`,
  },
  // Double opt-in (workflows/journeys/confirm-subscription.ts): transactional, so no unsubscribe
  // footer; not clicking is the way to say no.
  'confirm-subscription': {
    subject: 'Please confirm your subscription',
    text: `${hi}\n\nThank you for subscribing to our emails. One click confirms it's you:\n\n{{ links.confirm }}\n\nUntil then we will not send you any news. If you did not subscribe, ignore this email: without a click you will hear nothing more from us.\n`,
  },
  'confirm-subscription-reminder': {
    subject: 'Your subscription is waiting for your click',
    text: `${hi}\n\nA few days ago you subscribed to our emails, but the subscription is not confirmed yet. One click does it:\n\n{{ links.confirm }}\n\nThis is the only reminder: if you did not subscribe, ignore it.\n`,
  },
  'fete-des-meres': {
    subject: 'Fête des mères : un cadeau pour elle',
    text: `{% if profile.firstName %}Bonjour {{ profile.firstName }},{% else %}Bonjour,{% endif %}\n\nDimanche {{ trigger.holiday_on | date: "%d/%m" }}, c'est la fête des mères. Nos idées de cadeaux sont prêtes, livrées à temps.{% if coupon %} Et pour vous : {{ coupon.discount }} avec le code {{ coupon.code }}, valable jusqu'au {{ coupon.expiresAt | date: "%d/%m/%Y" }}.{% endif %}\n\n{{ links.shop }}\n\n--\nVous recevez ces e-mails car vous avez accepté nos nouvelles. Se désinscrire : {{ links.unsubscribe }}\n`,
  },
  'mothers-day': {
    subject: "Mother's Day is coming",
    text: `${hi}\n\nMother's Day is on {{ trigger.holiday_on | date: "%B %-d" }}. Our gift ideas are ready, and delivered in time.{% if coupon %} For you: {{ coupon.discount }} with the code {{ coupon.code }}, until {{ coupon.expiresAt | date: "%B %-d, %Y" }}.{% endif %}\n\n{{ links.shop }}\n${footer}`,
  },
  'boxing-day': {
    subject: 'Our Boxing Day sale is on',
    text: `${hi}\n\nThe Boxing Day sale starts now.{% if coupon %} On top of it: {{ coupon.discount }} with the code {{ coupon.code }}, until {{ coupon.expiresAt | date: "%B %-d, %Y" }}.{% endif %}\n\n{{ links.shop }}\n${footer}`,
  },
} satisfies Record<string, { subject: string; text: string; html?: string }>;
