-- Frequency caps count a customer's recent marketing sends per channel, across journeys.
-- `sent_at` is the journey's time of the send (the workflow clock, which the time-skipping
-- test server moves), not the row's insertion time; transactional messages are never capped.
alter table messages add column purpose text not null default 'marketing' check (purpose in ('marketing', 'transactional'));
alter table messages add column sent_at timestamptz;
drop index messages_customer_channel_idx;
create index messages_recent_sends_idx on messages (customer_id, channel, sent_at)
  where status in ('sending', 'sent') and purpose = 'marketing';
