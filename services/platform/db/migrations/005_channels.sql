-- Inbound SMS (STOP, START) name the customer only by phone number.
create index customers_phone_idx on customers (phone);
