-- Coupon pools: unique single-use codes handed out one per customer and journey step. A
-- code is assigned once (its assignment key is the step's idempotency key, so a retry or
-- replay gets the same code) and used when a 'Coupon Redeemed' event names it (see
-- coupon_redemptions, a projection). Not projections themselves: they record what we gave.
create table coupon_pools (
  pool_id        text primary key,
  -- What the customer is told, e.g. "10% off your first order".
  discount       text not null,
  -- A code is valid this many days from its assignment.
  valid_days     int not null check (valid_days > 0),
  -- ISO 3166 countries the offer is for; null: everywhere.
  countries      text[],
  created_at     timestamptz not null default now()
);
create table coupon_codes (
  code           text primary key,
  pool_id        text not null references coupon_pools (pool_id),
  assigned_to    text,
  assignment_key text unique,
  assigned_at    timestamptz,
  expires_at     timestamptz
);
create index coupon_codes_free_idx on coupon_codes (pool_id) where assigned_to is null;
create index coupon_codes_customer_idx on coupon_codes (assigned_to);
