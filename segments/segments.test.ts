/** The shipped segments' predicates, on facts written out by hand. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRegistry, defineSegment, type SegmentFacts } from './define.ts';
import {
  boughtProduct,
  boughtWithin,
  livesIn,
  monthsBefore,
  newCustomers,
  notBoughtWithin,
  spentOverInOneOrder,
  usedCoupon,
} from './crm.ts';
import { browseAbandoners } from './browsing.ts';
import { segmentRegistry } from './index.ts';
import { highValue, lapsed, oneTimeBuyers, repeatBuyers, rfmBottom20, rfmGroupSegments } from './value.ts';

const now = new Date('2026-05-31T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

function facts(overrides: Partial<SegmentFacts> = {}): SegmentFacts {
  return {
    customerId: 'c1',
    now,
    shopCurrency: 'EUR',
    orders: 0,
    netRevenue: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    signedUpAt: null,
    largestOrder: null,
    productIds: new Set(),
    couponsUsed: [],
    convertedFromEmail: false,
    rfm: null,
    purchaseLatencyDays: null,
    predictedValue: null,
    predictedValuePercentile: null,
    country: null,
    state: null,
    postalCode: null,
    marketingConsent: [],
    traits: {},
    productsViewedTwice: [],
    lastCartedAt: null,
    ...overrides,
  };
}

describe('CRM segments', () => {
  it('keeps new customers from their sign-up to their first order, for at most 90 days', () => {
    const fresh = newCustomers({ days: 90 });
    assert.equal(fresh.id, 'new-customers');
    assert.equal(fresh.matches(facts({ signedUpAt: daysAgo(3) })), true);
    assert.equal(fresh.matches(facts({ signedUpAt: daysAgo(90) })), true);
    assert.equal(fresh.matches(facts({ signedUpAt: daysAgo(91) })), false, 'signed up too long ago');
    assert.equal(fresh.matches(facts({ signedUpAt: daysAgo(3), orders: 1, firstOrderAt: daysAgo(1) })), false, 'the first order');
    assert.equal(fresh.matches(facts()), false, 'never signed up');
  });

  it('counts months by the calendar: 3 months before 31 May is the last day of February', () => {
    assert.equal(monthsBefore(now, 3).toISOString(), '2026-02-28T12:00:00.000Z');
    assert.equal(monthsBefore(new Date('2028-05-31T00:00:00Z'), 3).toISOString(), '2028-02-29T00:00:00.000Z');
    const recent = boughtWithin({ months: 3 });
    assert.equal(recent.id, 'bought-last-3-months');
    assert.equal(recent.matches(facts({ orders: 1, lastOrderAt: new Date('2026-02-28T12:00:00Z') })), true);
    assert.equal(recent.matches(facts({ orders: 1, lastOrderAt: new Date('2026-02-28T11:59:59Z') })), false);
    assert.equal(recent.matches(facts()), false, 'never ordered');
  });

  it('"not bought in 6 months" needs an order before, and none since', () => {
    const dormant = notBoughtWithin({ months: 6 });
    assert.equal(dormant.matches(facts({ orders: 2, lastOrderAt: daysAgo(200) })), true);
    assert.equal(dormant.matches(facts({ orders: 2, lastOrderAt: daysAgo(100) })), false);
    assert.equal(dormant.matches(facts()), false, 'a prospect has not lapsed');
  });

  it('matches a product, a place (state, postal code or prefix), an order over an amount in the shop currency, a coupon', () => {
    const espresso = boughtProduct({ id: 'bought-espresso', productIds: ['sku-1', 'sku-2'] });
    assert.equal(espresso.matches(facts({ productIds: new Set(['sku-9', 'sku-2']) })), true);
    assert.equal(espresso.matches(facts({ productIds: new Set(['sku-9']) })), false);

    const paris = livesIn({ id: 'lives-in-paris', country: 'FR', postalCodes: ['75*'] });
    assert.equal(paris.matches(facts({ country: 'FR', postalCode: '75011' })), true);
    assert.equal(paris.matches(facts({ country: 'FR', postalCode: '69001' })), false);
    assert.equal(paris.matches(facts({ country: 'BE', postalCode: '7500' })), false);
    const california = livesIn({ id: 'lives-in-california', country: 'US', states: ['CA'] });
    assert.equal(california.matches(facts({ country: 'US', state: 'CA' })), true);
    assert.equal(california.matches(facts({ country: 'US', state: null })), false);
    const soho = livesIn({ id: 'soho', country: 'GB', postalCodes: ['W1D 3QF'] });
    assert.equal(soho.matches(facts({ country: 'GB', postalCode: 'W1D3QF' })), true, 'spaces do not count');

    const big = spentOverInOneOrder({ amount: 150 });
    assert.equal(big.id, 'spent-over-150-in-one-order');
    assert.equal(big.matches(facts({ largestOrder: 150_01 })), true);
    assert.equal(big.matches(facts({ largestOrder: 150_00 })), false, 'over, not at');
    assert.equal(big.matches(facts({ shopCurrency: 'JPY', largestOrder: 151 })), true, 'yen have no minor unit');

    assert.equal(usedCoupon().matches(facts({ couponsUsed: ['WELCOME-X1'] })), true);
    assert.equal(usedCoupon().matches(facts()), false);
    const sorry = usedCoupon({ id: 'used-sorry-coupon', codes: ['SORRY10'] });
    assert.equal(sorry.matches(facts({ couponsUsed: ['WELCOME-X1'] })), false);
    assert.equal(sorry.matches(facts({ couponsUsed: ['SORRY10'] })), true);
  });
});

describe('value segments', () => {
  it('reads buyers, lapse at twice the latency, the top 10% by predicted value, RFM groups and the bottom 20%', () => {
    assert.equal(oneTimeBuyers.matches(facts({ orders: 1 })), true);
    assert.equal(repeatBuyers.matches(facts({ orders: 1 })), false);
    assert.equal(repeatBuyers.matches(facts({ orders: 2 })), true);

    assert.equal(lapsed.matches(facts({ orders: 3, lastOrderAt: daysAgo(61), purchaseLatencyDays: 30 })), true);
    assert.equal(lapsed.matches(facts({ orders: 3, lastOrderAt: daysAgo(59), purchaseLatencyDays: 30 })), false);
    assert.equal(lapsed.matches(facts({ orders: 1, lastOrderAt: daysAgo(400), purchaseLatencyDays: null })), false, 'no latency known');

    assert.equal(highValue.matches(facts({ predictedValuePercentile: 0.9 })), true);
    assert.equal(highValue.matches(facts({ predictedValuePercentile: 0.89 })), false);
    assert.equal(highValue.matches(facts()), false, 'no fit, no value');

    const champions = rfmGroupSegments.find((segment) => segment.id === 'rfm-champions')!;
    assert.equal(champions.matches(facts({ rfm: { cell: '555', group: 'champions', bottom20: false } })), true);
    assert.equal(champions.matches(facts({ rfm: { cell: '155', group: 'cant-lose', bottom20: false } })), false);
    assert.equal(rfmGroupSegments.length, 11);
    assert.equal(rfmBottom20.matches(facts({ rfm: { cell: '111', group: 'lost', bottom20: true } })), true);
    assert.equal(rfmBottom20.matches(facts()), false);
  });
});

describe('the registry', () => {
  it('holds every shipped segment once, and refuses a bad id or a second segment of one id', () => {
    const ids = segmentRegistry.map((segment) => segment.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ['bought-last-3-months', 'not-bought-6-months', 'converted-from-email', 'spent-over-150-in-one-order', 'used-coupon'])
      assert.ok(ids.includes(id), id);
    for (const id of ['high-value', 'repeat-buyers', 'one-time-buyers', 'lapsed', 'rfm-bottom-20', 'rfm-champions', 'rfm-lost'])
      assert.ok(ids.includes(id), id);
    assert.throws(() => defineSegment({ id: 'High Value', description: '', matches: () => true }), /lowercase letters, digits and dashes/);
    assert.throws(() => checkRegistry([highValue, highValue]), /two segments have the id "high-value"/);
  });
});

describe('browsing segments', () => {
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const viewedTwice = { productId: 'tea-1', views: 2, firstViewedAt: hoursAgo(5) };

  it('takes in an emailable customer who viewed a product twice and added nothing to a cart since', () => {
    assert.equal(browseAbandoners.matches(facts({ marketingConsent: ['email'], productsViewedTwice: [viewedTwice] })), true);
    assert.equal(
      browseAbandoners.matches(facts({ marketingConsent: ['email'], productsViewedTwice: [viewedTwice], lastCartedAt: hoursAgo(8) })),
      true,
      'a cart before the views',
    );
  });

  it('leaves out a cart since the views, no views twice, and a customer who cannot be emailed', () => {
    assert.equal(
      browseAbandoners.matches(facts({ marketingConsent: ['email'], productsViewedTwice: [viewedTwice], lastCartedAt: hoursAgo(1) })),
      false,
    );
    assert.equal(browseAbandoners.matches(facts({ marketingConsent: ['email'] })), false);
    assert.equal(browseAbandoners.matches(facts({ marketingConsent: ['sms'], productsViewedTwice: [viewedTwice] })), false);
  });
});
