-- Coupons that are enforced at the checkout (services/platform/coupons): a pool's rules, the
-- uses and refusals of its codes, and an outbox for the events the product writes to the log.
-- Like coupon_codes these record what we decided, not projections: a rebuild leaves them.

-- A pool's rules. Existing pools keep their meaning: valid `valid_days` from assignment,
-- single use, everywhere or in `countries`, a discount the shop applies itself (no kind).
alter table coupon_pools
  alter column valid_days drop not null,
  -- Fixed dates instead of (or on top of) days from assignment.
  add column valid_from timestamptz,
  add column valid_until timestamptz,
  -- Products or categories a discount applies to; both null: the whole order.
  add column product_ids text[],
  add column categories text[],
  -- Money rules are in this currency (a cart in another is refused: no silent conversion).
  add column currency text,
  add column min_order_amount bigint check (min_order_amount >= 0),
  -- 'percent': discount_value is 1..100 of the eligible lines; 'amount': minor units off them.
  add column discount_kind text check (discount_kind in ('percent', 'amount')),
  add column discount_value bigint check (discount_value > 0),
  add column discount_cap bigint check (discount_cap > 0),
  add column max_uses_per_code int not null default 1 check (max_uses_per_code > 0),
  add column max_uses_per_pool int check (max_uses_per_pool > 0),
  add column stackable boolean not null default false,
  -- Counted under the pool row's lock, so the pool limit holds under racing checkouts.
  add column uses int not null default 0,
  add constraint coupon_pools_validity check (valid_days is not null or valid_until is not null),
  add constraint coupon_pools_money check ((min_order_amount is null and discount_kind is distinct from 'amount' and discount_cap is null) or currency is not null),
  add constraint coupon_pools_discount check ((discount_kind is null) = (discount_value is null)),
  add constraint coupon_pools_percent check (discount_kind is distinct from 'percent' or discount_value <= 100);

alter table coupon_codes add column uses int not null default 0;
-- People retype codes from a postcard in any case.
create index coupon_codes_upper_idx on coupon_codes (upper(code));

-- One row per order that used a code: the idempotency of redemption (a retried checkout, and
-- the `Order Completed` that follows an API redemption, find it here).
create table coupon_uses (
  code            text not null references coupon_codes (code),
  order_id        text not null,
  pool_id         text not null,
  customer_id     text not null,
  discount_amount bigint,
  currency        text,
  -- 'api' (POST /v1/coupons/redeem), 'order' (an Order Completed naming the code), 'event'
  -- (a Coupon Redeemed the shop sent: a fact, counted without judging it).
  source          text not null check (source in ('api', 'order', 'event')),
  used_at         timestamptz not null,
  primary key (code, order_id)
);
create index coupon_uses_customer_idx on coupon_uses (customer_id);

-- Codes refused on an order, with the reason, for operators and for the shop's support.
create table coupon_refusals (
  code        text not null,
  order_id    text not null,
  customer_id text,
  reason      text not null,
  source      text not null,
  refused_at  timestamptz not null,
  primary key (code, order_id)
);
create index coupon_refusals_time_idx on coupon_refusals (refused_at);

-- Events the product decides inside a transaction, published to the log after it commits
-- (services/platform/outbox): decided once, published at least once, under a fixed event id.
create table event_outbox (
  seq          bigserial primary key,
  event_id     text not null unique,
  customer_id  text not null,
  type         text not null,
  version      int not null,
  payload      jsonb not null,
  occurred_at  timestamptz not null,
  source       text not null,
  published_at timestamptz
);
create index event_outbox_unpublished_idx on event_outbox (seq) where published_at is null;

-- Customers who abandoned a cart and then ordered with a discount: cart journeys offer them
-- none again (they must not learn that abandoning pays).
alter table customers add column abandoned_for_discount_at timestamptz;
