-- When the customer opened their account (their first `Signed Up`): the "new customers"
-- segment is those who signed up lately and have not ordered yet. Backfilled from the log.
alter table customers add column signed_up_at timestamptz;

update customers c set signed_up_at = s.first_at
from (select customer_id, min(occurred_at) as first_at from events where type = 'Signed Up' group by customer_id) s
where s.customer_id = c.customer_id;
