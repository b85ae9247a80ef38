-- The last day's browsing, read by the segments (viewed twice, nothing added to the cart):
-- for the recompute's slices of customers, the few recent rows of these types, not every
-- event of every customer in the slice.
create index events_recent_browsing_idx on events (occurred_at, customer_id)
  where type in ('Product Viewed', 'Product Added', 'Checkout Started');
