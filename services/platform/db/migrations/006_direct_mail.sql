-- Direct mail: what each piece cost (cost accounting per journey and step), until when it
-- may be cancelled (the provider's send date), and 'cancelled' for a piece stopped in time
-- (the customer converted first). A cancelled piece was never sent, so caps do not count it.
alter table messages add column cost_minor bigint;
alter table messages add column cost_currency text;
alter table messages add column cancellable_until timestamptz;
alter table messages drop constraint messages_status_check;
alter table messages add constraint messages_status_check check (status in ('sending', 'sent', 'skipped', 'failed', 'cancelled'));
