-- What journeys did, projected from `journey-outcomes` for the journey reports (funnels,
-- conversions, holdout lift). Rebuildable from the topic (`journeys analytics rebuild`).
-- Conversions are not stored: an entry's orders are read from `orders` (itself a projection
-- of customer-events) within the journey's attribution window, so a refund or a late order
-- changes the report without touching these tables.

-- One row per journey entry (a journey workflow run).
create table journey_entries (
  workflow_id     text primary key,
  customer_id     text not null,
  journey_id      text not null,
  arm             text not null check (arm in ('holdout', 'treated')),
  experiment_id   text,
  variant         text,
  entered_at      timestamptz not null,
  -- How it ended (null while the customer is in it).
  ended           text check (ended in ('completed', 'exited')),
  exit_reason     text,
  ended_at        timestamptz,
  -- The last step decided for it: where the customer is now.
  current_step    text not null default 'entry',
  current_step_at timestamptz not null,
  -- The steps it got (sent) or would have got (skipped: holdout), in order, with their times:
  -- an order is credited to the last one before it, read in the row (no lookup per order).
  credited_steps  text[] not null default '{}',
  credited_at     timestamptz[] not null default '{}'
);
create index journey_entries_journey_idx on journey_entries (journey_id, entered_at);
create index journey_entries_active_idx on journey_entries (journey_id, current_step) where ended is null;
create index journey_entries_customer_idx on journey_entries (customer_id, entered_at);

-- One row per send decision (sent, skipped, failed, deferred, cancelled), by outcome id.
create table journey_step_outcomes (
  outcome_id  text primary key,
  workflow_id text not null,
  journey_id  text not null,
  customer_id text not null,
  step        text not null,
  channel     text,
  status      text not null,
  reason      text,
  at          timestamptz not null,
  -- Its entry's: the funnel counts the steps of the entries in the report's window.
  entered_at  timestamptz not null
);
create index journey_step_outcomes_journey_idx on journey_step_outcomes (journey_id, entered_at);
create index journey_step_outcomes_workflow_idx on journey_step_outcomes (workflow_id);

-- The orders of a report's window, without reading every order the shop ever had.
create index orders_completed_at_idx on orders (completed_at);
