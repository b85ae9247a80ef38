-- The referral program (services/platform/referrals). Decisions, not projections: a rebuild
-- leaves them, like coupon codes.

-- One referral code per customer, for their link (`?ref=<code>` on the shop).
create table referral_codes (
  customer_id text primary key,
  code        text not null unique,
  created_at  timestamptz not null default now()
);

-- One decision per referee: was their first order a successful referral, and was the
-- referrer rewarded (the tier reached, the reward's pool), or refused (the reason).
create table referral_decisions (
  referee_id  text primary key,
  referrer_id text not null,
  referral_id text not null,
  order_id    text,
  outcome     text not null check (outcome in ('rewarded', 'refused')),
  reason      text,
  -- The referrer's successful referrals with this one, and the reward tier they reached.
  referral_number int,
  tier        text,
  reward_pool text,
  decided_at  timestamptz not null,
  check ((outcome = 'refused') = (reason is not null))
);
create index referral_decisions_referrer_idx on referral_decisions (referrer_id, decided_at);
