import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CouponCart } from '../../../schemas/coupons.ts';
import { judgeCoupon, type CodeState, type PoolRules } from './rules.ts';

const at = new Date('2026-06-15T12:00:00Z');
const pool = (rules: Partial<PoolRules> = {}): PoolRules => ({
  poolId: 'tea',
  description: '15% off tea',
  validDays: 30,
  validFrom: null,
  validUntil: null,
  countries: null,
  productIds: null,
  categories: null,
  currency: 'EUR',
  minOrderAmount: null,
  discountKind: 'percent',
  discountValue: 15,
  discountCap: null,
  maxUsesPerCode: 1,
  maxUsesPerPool: null,
  stackable: false,
  uses: 0,
  ...rules,
});
const code = (state: Partial<CodeState> = {}): CodeState => ({
  code: 'TEA-7K2M',
  assignedAt: new Date('2026-06-01T00:00:00Z'),
  expiresAt: new Date('2026-07-01T00:00:00Z'),
  uses: 0,
  ...state,
});
const cart = (fields: Record<string, unknown> = {}) =>
  CouponCart.parse({
    currency: 'EUR',
    products: [
      { product_id: 'sencha', category: 'tea', price: 12_00, quantity: 2 },
      { product_id: 'kettle', category: 'teaware', price: 40_00 },
    ],
    ...fields,
  });
const judge = (
  rules: Partial<PoolRules>,
  state: Partial<CodeState> = {},
  cartFields: Record<string, unknown> = {},
  country: string | null = 'FR',
) => judgeCoupon(pool(rules), code(state), { cart: cart(cartFields), country, at });
const reasonOf = (verdict: ReturnType<typeof judgeCoupon>) => (verdict.valid ? 'valid' : verdict.reason);

describe('coupon rules', () => {
  it('gives a percent of the whole order, rounded to the minor unit, and names the offer', () => {
    const verdict = judge({ discountValue: 15 });
    assert.deepEqual(verdict, { valid: true, code: 'TEA-7K2M', description: '15% off tea', discount: { amount: 9_60, currency: 'EUR' } });
  });

  it('caps a percent discount, and never takes off more than the eligible lines cost', () => {
    assert.deepEqual(judge({ discountCap: 5_00 }), {
      valid: true,
      code: 'TEA-7K2M',
      description: '15% off tea',
      discount: { amount: 5_00, currency: 'EUR' },
    });
    const amountOff = judge({ discountKind: 'amount', discountValue: 30_00, categories: ['tea'] });
    assert.equal(amountOff.valid && amountOff.discount?.amount, 24_00);
  });

  it('applies a product or category rule to those lines only, and refuses a cart without them', () => {
    const tea = judge({ categories: ['tea'], discountValue: 50 });
    assert.equal(tea.valid && tea.discount?.amount, 12_00);
    const kettle = judge({ productIds: ['kettle'], discountValue: 50 });
    assert.equal(kettle.valid && kettle.discount?.amount, 20_00);
    assert.equal(reasonOf(judge({ productIds: ['matcha-whisk'] })), 'not-applicable-to-products');
  });

  it('refuses a code past its own expiry or the pool end, and before the pool opens', () => {
    assert.equal(reasonOf(judge({}, { expiresAt: new Date('2026-06-15T11:59:59Z') })), 'expired');
    assert.equal(reasonOf(judge({ validUntil: new Date('2026-06-10T00:00:00Z') })), 'expired');
    assert.equal(reasonOf(judge({ validFrom: new Date('2026-06-20T00:00:00Z') })), 'not-yet-valid');
    assert.equal(reasonOf(judge({}, { expiresAt: new Date('2026-06-15T12:00:00Z') })), 'valid');
  });

  it('refuses a code of a days-from-assignment pool that was never handed out; a fixed-date pool code is valid unassigned', () => {
    assert.equal(reasonOf(judge({}, { assignedAt: null, expiresAt: null })), 'unknown-code');
    const summer = { validDays: null, validUntil: new Date('2026-08-31T00:00:00Z') };
    assert.equal(reasonOf(judge(summer, { assignedAt: null, expiresAt: null })), 'valid');
  });

  it('refuses outside the pool countries, and when the country is not known', () => {
    assert.equal(reasonOf(judge({ countries: ['FR', 'BE'] }, {}, {}, 'FR')), 'valid');
    assert.equal(reasonOf(judge({ countries: ['FR', 'BE'] }, {}, {}, 'DE')), 'not-in-country');
    assert.equal(reasonOf(judge({ countries: ['FR', 'BE'] }, {}, {}, null)), 'not-in-country');
  });

  it('refuses a code used up, and a pool used up', () => {
    assert.equal(reasonOf(judge({}, { uses: 1 })), 'already-redeemed');
    assert.equal(reasonOf(judge({ maxUsesPerCode: 3 }, { uses: 2 })), 'valid');
    assert.equal(reasonOf(judge({ maxUsesPerCode: 100, maxUsesPerPool: 10, uses: 10 })), 'redemption-limit-reached');
  });

  it('refuses a code that does not stack beside another code, but not beside itself', () => {
    assert.equal(reasonOf(judge({}, {}, { other_codes: ['FREESHIP'] })), 'not-stackable');
    assert.equal(reasonOf(judge({ stackable: true }, {}, { other_codes: ['FREESHIP'] })), 'valid');
    assert.equal(reasonOf(judge({}, {}, { other_codes: ['tea-7k2m'] })), 'valid');
  });

  it('refuses an order below the minimum, measured on the subtotal when the shop sends one', () => {
    assert.equal(reasonOf(judge({ minOrderAmount: 64_00 })), 'valid');
    assert.equal(reasonOf(judge({ minOrderAmount: 64_01 })), 'min-order-value');
    const refused = judge({ minOrderAmount: 70_00 }, {}, { subtotal: 69_99 });
    assert.equal(!refused.valid && refused.message, 'TEA-7K2M needs an order of €70.00 or more');
  });

  it('refuses money rules in another currency rather than converting silently; a plain percent takes any currency', () => {
    assert.equal(reasonOf(judge({ minOrderAmount: 10_00 }, {}, { currency: 'GBP' })), 'currency-not-accepted');
    const pounds = judge({}, {}, { currency: 'GBP' });
    assert.deepEqual(pounds.valid && pounds.discount, { amount: 9_60, currency: 'GBP' });
  });

  it('answers no amount for a pool whose discount the shop applies itself', () => {
    const verdict = judge({ discountKind: null, discountValue: null });
    assert.equal(verdict.valid && verdict.discount, null);
  });
});
