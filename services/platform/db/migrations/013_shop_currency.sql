-- Which of the rates is the shop's own currency (rate 1 of its own minor units): readers of
-- customer value (the CLI, BI tools) learn the currency from the data, not from their own
-- configuration, which may differ from the projector's.
alter table currency_rates add column shop boolean not null default false;
create unique index currency_rates_one_shop_idx on currency_rates (shop) where shop;
