-- The "oops" apology finds the customers who got one journey step (`journeys journey
-- apologize <journey> <step>`), and lists a journey's steps: without this index each is a scan
-- of the whole message ledger, which grows by every message ever sent. (Not `concurrently`:
-- migrations run in a transaction; on a very large ledger, run this one in a quiet hour.)
create index messages_journey_step_idx on messages (journey_id, step);
