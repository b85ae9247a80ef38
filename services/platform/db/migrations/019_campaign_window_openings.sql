-- Each holiday campaign window the nightly run opened (services/platform/campaigns/): once
-- per campaign, occurrence and place. A window is opened by the first run on or after its
-- opening day while its holiday lasts, so a missed night is caught up, and the runs after
-- it leave it alone instead of scanning the base again. A decision, not a projection: a
-- rebuild leaves it.
create table campaign_window_openings (
  campaign_id text not null,
  occurrence  text not null,
  place       text not null,
  opens_on    date not null,
  holiday_on  date not null,
  customers   int not null,
  opened_at   timestamptz not null default now(),
  primary key (campaign_id, occurrence, place)
);
