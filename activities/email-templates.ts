/**
 * Email templates of the shipped journeys. The cart series keeps a customer-service tone
 * and offers no discount: customers must not learn that abandoning a cart pays.
 */
import { Money, minorUnitDigits } from '../schemas/primitives.ts';
import type { CustomerProfile } from '../services/db/customers.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
}

type TemplateData = { profile: CustomerProfile; trigger: Record<string, unknown> };

const greeting = ({ profile }: TemplateData) => {
  const name = profile.traits.firstName;
  return typeof name === 'string' && name.length > 0 ? `Hi ${name},` : 'Hi,';
};

export function formatMoney({ amount, currency }: Money): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 10 ** minorUnitDigits(currency));
}

const cartValue = ({ trigger }: TemplateData) => {
  const value = Money.safeParse(trigger.value);
  return value.success ? `your cart (${formatMoney(value.data)})` : 'your cart';
};

const templates: Record<string, (data: TemplateData) => RenderedEmail> = {
  'cart-reminder-1': (data) => ({
    subject: 'Did something go wrong at checkout?',
    text: `${greeting(data)}\n\nYou left ${cartValue(data)} at checkout. If anything got in the way (a question about sizing, delivery or payment), just reply to this email: a person on our team will answer.\n\nYour cart is saved for you.\n`,
  }),
  'cart-reminder-2': (data) => ({
    subject: 'Your cart is still waiting',
    text: `${greeting(data)}\n\nWe kept ${cartValue(data)} for you. Questions? Reply here or call our support team.\n`,
  }),
  'cart-reminder-3': (data) => ({
    subject: 'Last reminder about your cart',
    text: `${greeting(data)}\n\nThis is our last note about ${cartValue(data)}. We won't bother you about it again.\n`,
  }),
};

export function renderEmail(template: string, data: TemplateData): RenderedEmail {
  const render = templates[template];
  if (!render) throw new Error(`Unknown email template "${template}"`);
  return render(data);
}
