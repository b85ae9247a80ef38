#!/usr/bin/env bash
# `infra/scaled-run.sh demo|simulate [options]`: installs whatever is missing, brings the local
# stack up and runs `journeys <command>` with journey time 2880x faster (a day in 30 s), unless
# JOURNEY_TIME_SCALE says otherwise. `npm run demo` and `npm run simulate` run it.
set -euo pipefail
cd "$(dirname "$0")/.."
infra/stack.sh up
export JOURNEY_TIME_SCALE=${JOURNEY_TIME_SCALE:-0.000347222}
export LOG_LEVEL=${LOG_LEVEL:-warn}
# Each run on a Temporal task queue of its own: the workflows an earlier run left waiting
# (birthdays and loyalty reminders months ahead, which come round in minutes at this speed)
# stay on their old queue instead of waking on this run's worker and slowing its journeys.
export TEMPORAL_TASK_QUEUE=${TEMPORAL_TASK_QUEUE:-journeys-${1:-run}-$(date +%s)}
# The demo shop sells in euros (its carts and orders are in EUR).
export SHOP_CURRENCY=${SHOP_CURRENCY:-EUR}
exec node bin/journeys.js "$@"
