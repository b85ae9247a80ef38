-- Which channels exist is the channel table's to say (activities/channels/index.ts); events
-- and sends are checked against it where they enter (the catalog's Channel, the send gate),
-- so adding a channel needs no migration.
alter table consent drop constraint if exists consent_channel_check;
alter table messages drop constraint if exists messages_channel_check;
