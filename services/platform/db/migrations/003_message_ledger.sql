-- The message ledger: one row per journey step that tried to send, keyed by an idempotency
-- key derived from the workflow id and the step. Not a projection (it records what we did,
-- not what the customer did), so a projection rebuild leaves it alone.
create table messages (
  idempotency_key     text primary key,
  customer_id         text not null,
  journey_id          text not null,
  workflow_id         text not null,
  step                text not null,
  channel             text not null check (channel in ('email', 'sms', 'push', 'direct_mail')),
  -- 'sending': reserved, the provider call may or may not have happened (a crash in between
  -- leaves it so, and it is never sent again: at most one message per step).
  status              text not null check (status in ('sending', 'sent', 'skipped', 'failed')),
  reason              text,
  provider_message_id text,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);
-- Frequency caps count a customer's recent sends per channel, across journeys.
create index messages_customer_channel_idx on messages (customer_id, channel, created_at) where status in ('sending', 'sent');

-- Operators' kill switch per journey: paused sends wait, stopped journeys exit at the next send.
create table journey_controls (
  journey_id text primary key,
  state      text not null check (state in ('active', 'paused', 'stopped')),
  changed_at timestamptz not null default now()
);
