-- Engagement with journey messages: each `Message Clicked` and `Message Opened` in the log,
-- projected for the journey reports (services/processes/projector/project-event.ts), and
-- rebuilt with the other projections.
create table message_engagement (
  event_id    text primary key,
  customer_id text not null,
  journey_id  text not null,
  workflow_id text not null,
  step        text not null,
  channel     text not null,
  kind        text not null check (kind in ('click', 'open')),
  -- Where a click went; null for an open.
  url         text,
  at          timestamptz not null,
  check ((kind = 'click') = (url is not null))
);
-- A journey's report over a period; a run's (or a step's) engagement beside its sends.
create index message_engagement_journey_idx on message_engagement (journey_id, at);
create index message_engagement_workflow_idx on message_engagement (workflow_id);
create index message_engagement_customer_idx on message_engagement (customer_id);

-- A tracked link names its message by 12 bytes of the md5 of its ledger key
-- (services/platform/engagement/tracked-links.ts), to stay short in a text message; the
-- ingest API finds the message by it when the link is followed. (Not `concurrently`:
-- migrations run in a transaction; on a very large ledger, run this one in a quiet hour.)
create index messages_ref_idx on messages (substr(md5(idempotency_key), 1, 24));
