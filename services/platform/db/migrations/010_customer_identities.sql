-- Ids merged into a customer (an anonymous visitor who logged in, an alias): a projection
-- of the `Identities Merged` events. Each merged id points at the customer it now is (the
-- root, never at another merged id), so resolving an id is one lookup.
create table customer_identities (
  merged_id   text primary key,
  customer_id text not null,
  merged_at   timestamptz not null,
  event_id    text not null
);
create index customer_identities_customer_idx on customer_identities (customer_id);
