-- A shop switches each journey on or off and sets its numbers without editing it. Beside the
-- kill switch (state: a paused journey's sends wait, a stopped one's customers leave), because
-- they answer another question: whether customers enter at all, and with which numbers.
alter table journey_controls
  add column enabled    boolean not null default true,
  add column parameters jsonb   not null default '{}'::jsonb check (jsonb_typeof(parameters) = 'object');
