/**
 * A shop platform's webhooks (Shopify, WooCommerce): where they are posted, the headers
 * that sign, name and identify a delivery, and how its body maps onto the catalog. Both
 * platforms sign with a base64 HMAC-SHA256 of the raw body, and both deliver again until
 * they get a 200: event ids come from the delivery id, so a repeat changes nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { checkEnvelope, type Checked, type CustomerEventEnvelope, type FieldIssue } from '../../../../schemas/envelope.ts';
import { moneyFromDecimal } from '../../../../schemas/primitives.ts';

export interface Delivery {
  id: string;
  at: string;
}

export interface ShopPlatform {
  name: string;
  path: string;
  headers: { signature: string; topic: string; deliveryId: string };
  /** The catalog events of one delivery; none for topics the product has no use for. */
  eventsOf(topic: string, body: Record<string, unknown>): PlatformEvent[];
}

/** One catalog event a delivery carries; no customer (a guest) means no one to message. */
export type PlatformEvent = { customerId: string | undefined; type: string; payload: Record<string, unknown>; occurredAt?: unknown };

/** Whether `signature` is the base64 HMAC-SHA256 of `body` with `secret`, compared in constant time. */
export function signatureValid(body: Buffer, signature: string | undefined, secret: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const str = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** A decimal amount (platforms send strings such as "29.35") in minor units, or nothing. */
export function money(amount: unknown, currency: unknown) {
  const value = Number(amount);
  return typeof currency === 'string' && amount !== undefined && amount !== null && amount !== '' && Number.isFinite(value)
    ? moneyFromDecimal(value, currency)
    : undefined;
}

/**
 * A platform's line items as catalog products: the first of `fields.id` that is set is the
 * product id, `fields.name` its name; SKU, quantity and price are named alike everywhere.
 */
export function productsOf(lineItems: unknown, currency: unknown, fields: { id: readonly string[]; name: string }) {
  if (!Array.isArray(lineItems)) return undefined;
  return lineItems.map((item: Record<string, unknown>) =>
    defined({
      product_id: fields.id.map((field) => str(item[field])).find((id) => id !== undefined),
      sku: str(item.sku),
      name: str(item[fields.name]),
      quantity: item.quantity,
      price: money(item.price, currency),
    }),
  );
}

export const defined = (object: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

/** Envelopes of one delivery, or the issues that name what is wrong. */
export function toEnvelopes(platform: ShopPlatform, topic: string, body: unknown, delivery: Delivery): Checked<CustomerEventEnvelope[]> {
  if (body === null || typeof body !== 'object') return { ok: false, issues: [{ path: '(body)', message: 'must be a JSON object' }] };
  const envelopes: CustomerEventEnvelope[] = [];
  const issues: FieldIssue[] = [];
  platform.eventsOf(topic, body as Record<string, unknown>).forEach((event, index) => {
    if (!event.customerId) return;
    const occurredAt =
      typeof event.occurredAt === 'string' && !Number.isNaN(Date.parse(event.occurredAt))
        ? new Date(event.occurredAt).toISOString()
        : delivery.at;
    const checked = checkEnvelope({
      eventId: `${platform.name}-${delivery.id}-${index}`,
      customerId: event.customerId,
      type: event.type,
      version: 1,
      occurredAt,
      receivedAt: delivery.at,
      source: platform.name,
      payload: event.payload,
    });
    if (checked.ok) envelopes.push(checked.value);
    else issues.push(...checked.issues);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: envelopes };
}
