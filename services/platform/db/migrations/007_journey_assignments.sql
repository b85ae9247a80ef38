-- Holdout and A/B assignments, one per journey entry: holdout reports join them to orders
-- (conversion and revenue per customer, holdout vs treated, per variant). The assignment
-- itself is a pure function of the ids (workflows/lib/assignment.ts); this records it.
create table journey_assignments (
  workflow_id   text primary key,
  customer_id   text not null,
  journey_id    text not null,
  experiment_id text,
  holdout       boolean not null,
  variant       text,
  assigned_at   timestamptz not null
);
create index journey_assignments_journey_idx on journey_assignments (journey_id, holdout, variant);
create index journey_assignments_customer_idx on journey_assignments (customer_id);
