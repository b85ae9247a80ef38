-- Segments (segments/): which customer is in which segment now, and every change of it,
-- which is also the outbox its `Segment Entered` / `Segment Exited` events are published
-- from. Neither is a projection: they are the segment evaluator's own state, which a
-- projection rebuild leaves alone (the history of membership is the events in the log).

-- One row per evaluated customer: the row an evaluation locks, so that the projector and a
-- recompute never decide the same customer's membership at the same time.
create table customer_segments (
  customer_id   text primary key,
  segments      text[] not null default '{}',
  -- When the membership last changed (or the customer was first decided).
  updated_at    timestamptz not null
);
create index customer_segments_members_idx on customer_segments using gin (segments);

create table segment_changes (
  seq           bigserial primary key,
  -- The id of the event this change is published as; fixed once written, so a publication
  -- repeated after a crash is the same event, which every consumer drops by id.
  event_id      text not null unique,
  customer_id   text not null,
  segment_id    text not null,
  change        text not null check (change in ('entered', 'exited')),
  changed_at    timestamptz not null,
  published_at  timestamptz
);
create index segment_changes_unpublished_idx on segment_changes (seq) where published_at is null;
create index segment_changes_segment_idx on segment_changes (segment_id, changed_at);
create index segment_changes_customer_idx on segment_changes (customer_id, seq);

-- The products of each order (ids), for segments such as "bought product X".
alter table orders add column product_ids text[] not null default '{}';

-- Each customer's place in the base by predicted value (0 lowest, 1 highest), for the
-- "top 10% by predicted CLV" segment; null when the models could not be fitted.
alter table customer_scores add column predicted_value_percentile double precision;
