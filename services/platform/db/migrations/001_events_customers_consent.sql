-- The event store and the first projections of the customer-events log.

create table events (
  event_id     text primary key,          -- redelivery of the same event is a no-op
  customer_id  text not null,
  type         text not null,
  occurred_at  timestamptz not null,
  received_at  timestamptz not null,
  source       text not null,
  payload      jsonb not null,
  projected_at timestamptz not null default now()
);
create index events_customer_idx on events (customer_id, occurred_at);

create table customers (
  customer_id text primary key,
  email       text,
  time_zone   text,
  traits      jsonb not null default '{}',
  updated_at  timestamptz not null
);

-- Current consent per channel and purpose; the history is the Consent events in `events`.
create table consent (
  customer_id text not null,
  channel     text not null check (channel in ('email', 'sms', 'push', 'direct_mail')),
  purpose     text not null check (purpose in ('marketing', 'transactional')),
  granted     boolean not null,
  changed_at  timestamptz not null,
  event_id    text not null references events (event_id),
  primary key (customer_id, channel, purpose)
);
