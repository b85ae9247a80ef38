-- What each points-expiry reminder announced (workflows/journeys/loyalty-points-expiry.ts): the
-- points expiring from `covers_from` to `covers_until`, as the ledger held them at `counted_at`
-- (the journey's clock). A later run whose points all fall inside a reminder of the same step
-- that went out (the message ledger says so) does not remind again. Not a projection: it
-- records what we did, so a projection rebuild leaves it alone, as it does `messages`.
create table points_expiry_reminders (
  workflow_id  text not null,
  step         text not null,
  customer_id  text not null,
  covers_from  timestamptz not null,
  covers_until timestamptz not null,
  counted_at   timestamptz not null,
  primary key (workflow_id, step)
);
-- A run looks for the reminders of its step to the customer that reach past its last point.
create index points_expiry_reminders_customer_idx on points_expiry_reminders (customer_id, step, covers_until);
