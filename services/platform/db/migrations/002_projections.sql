-- The projections of the event catalog. Each can be rebuilt from the customer-events topic
-- (`journeys projections rebuild`), so none may hold a fact that is not in the log: no
-- foreign keys between them either, since a rebuild swaps tables one by one.

alter table consent drop constraint consent_event_id_fkey;

alter table customers
  add column phone    text,
  add column address  jsonb,
  add column country  text,
  add column locale   text,
  add column birthday text;

-- Every consent change, in log order: the evidence behind the current state in `consent`.
create table consent_history (
  event_id    text primary key,
  customer_id text not null,
  channel     text not null,
  purpose     text not null,
  granted     boolean not null,
  source      text,
  changed_at  timestamptz not null
);
create index consent_history_customer_idx on consent_history (customer_id, changed_at);

create table orders (
  order_id        text primary key,
  customer_id     text not null,
  cart_id         text,
  status          text not null check (status in ('completed', 'cancelled', 'refunded', 'delivered')),
  total_amount    bigint,            -- minor units of `currency`
  currency        text,
  refunded_amount bigint not null default 0,
  coupon          text,
  completed_at    timestamptz not null,
  updated_at      timestamptz not null
);
create index orders_customer_idx on orders (customer_id, completed_at);

create table push_subscriptions (
  endpoint      text primary key,
  customer_id   text not null,
  p256dh        text not null,
  auth          text not null,
  expires_at    timestamptz,
  registered_at timestamptz not null
);
create index push_subscriptions_customer_idx on push_subscriptions (customer_id);

create table coupon_redemptions (
  coupon_name     text not null,
  order_id        text not null,
  customer_id     text not null,
  coupon_id       text,
  discount_amount bigint,
  currency        text,
  redeemed_at     timestamptz not null,
  primary key (coupon_name, order_id)
);
create index coupon_redemptions_customer_idx on coupon_redemptions (customer_id);
