-- What each customer's orders add up to (a projection, moved by every order event; money in
-- the shop's currency), and the figures that depend on the whole base (RFM quintiles, the
-- purchase models' predictions), written by each recompute.

-- Shop minor units per minor unit of each currency (services/platform/shop-currency.ts),
-- written from the configuration when the projector starts. Not a projection.
create table currency_rates (
  currency text primary key,
  rate     double precision not null check (rate > 0)
);

create table customer_metrics (
  customer_id                 text primary key,
  -- Orders not cancelled; refunded ones count, with their refunds subtracted from revenue.
  orders                      int not null,
  net_revenue                 bigint not null,
  -- Orders in a currency without a rate: counted, not valued.
  unconverted_orders          int not null,
  first_order_at              timestamptz,
  second_order_at             timestamptz,
  last_order_at               timestamptz,
  first_order_value           bigint,
  average_order_value         bigint,
  -- Median days between the customer's orders; null below two orders.
  median_days_between_orders  double precision,
  updated_at                  timestamptz not null
);
create index customer_metrics_first_order_idx on customer_metrics (first_order_at);

create table customer_scores (
  customer_id            text primary key,
  recency_score          smallint not null,
  frequency_score        smallint not null,
  monetary_score         smallint not null,
  rfm_cell               text not null,
  rfm_group              text not null,
  -- In the bottom 20% of the base by R + F + M: the practice stops marketing there.
  bottom_20              boolean not null,
  -- The practice's simpler reading: current value from F and M, potential value from R.
  current_value_score    smallint not null,
  potential_value_score  smallint not null,
  -- Days the customer normally takes to buy again: their own median, or their first-order cohort's.
  purchase_latency_days  double precision,
  latency_source         text check (latency_source in ('own', 'cohort', 'shop')),
  probability_alive      double precision,
  predicted_orders       double precision,
  -- Minor units of the shop's currency over the horizon of the fit.
  predicted_value        bigint,
  potential_value        bigint,
  computed_at            timestamptz not null
);
create index customer_scores_group_idx on customer_scores (rfm_group);

-- Each recompute's fit of the purchase models, newest last.
create table customer_value_models (
  id            bigserial primary key,
  fitted_at     timestamptz not null,
  horizon_days  int not null,
  customers     int not null,
  bg_nbd        jsonb,
  gamma_gamma   jsonb,
  seconds       double precision not null
);
