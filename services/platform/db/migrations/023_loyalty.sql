-- The loyalty points ledger (services/processes/projector/loyalty-ledger.ts): projections of
-- the log, rebuilt with the others. Points expire by the clock, not by an event: a lot's
-- points left at `expires_at` are the points that expired, so the balance and what expires
-- when are read as of any moment.

-- One lot per earning: a purchase, a review, a referral (credited by the program) or a
-- `Loyalty Points Earned` the shop sent. Redemptions and refunds take from lots oldest first.
create table loyalty_lots (
  -- The id of the `Loyalty Points Earned` that records it (the program's derived id for its own credits).
  lot_id      text primary key,
  customer_id text not null,
  reason      text not null,
  order_id    text,
  points      int not null check (points > 0),
  remaining   int not null check (remaining >= 0 and remaining <= points),
  -- Points of this lot a refund or cancellation of its order took back (the lot's net earning is points - taken_back).
  taken_back  int not null default 0 check (taken_back >= 0 and taken_back <= points),
  earned_at   timestamptz not null,
  expires_at  timestamptz not null
);
create index loyalty_lots_customer_idx on loyalty_lots (customer_id, expires_at);
create index loyalty_lots_order_idx on loyalty_lots (order_id) where order_id is not null;

-- Points going out other than by expiry: redeemed at the shop, taken back for a refund.
create table loyalty_debits (
  -- The event that took them.
  event_id    text primary key,
  customer_id text not null,
  kind        text not null check (kind in ('redeemed', 'taken-back')),
  points      int not null check (points > 0),
  -- Points no lot held (a redemption above the balance, a refund of points already spent).
  uncovered   int not null check (uncovered >= 0 and uncovered <= points),
  order_id    text,
  reward      text,
  at          timestamptz not null
);
create index loyalty_debits_customer_idx on loyalty_debits (customer_id, at);

-- Per customer, what the program decided last: their tier, and the highest milestone rewarded.
create table loyalty_accounts (
  customer_id text primary key,
  tier        text,
  tier_since  timestamptz,
  milestone   int not null default 0,
  updated_at  timestamptz not null
);
