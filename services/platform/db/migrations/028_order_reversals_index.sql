-- Refunds and cancellations by order: one that reached the projector before its order (sent
-- by the back office under another id, so on another partition) is applied when the order
-- arrives (project-event.ts), found here rather than by a scan of every event.
create index events_order_reversals_idx on events ((payload->>'order_id'))
  where type in ('Order Refunded', 'Order Cancelled');
