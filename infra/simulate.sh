#!/usr/bin/env bash
# `npm run simulate [-- --customers N --minutes M]`: installs whatever is missing, brings the
# local stack up, runs the product and a simulated store's customers through it until every
# journey has sent. Journey time runs 2880x faster (a day in 30 s) unless JOURNEY_TIME_SCALE
# says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
infra/stack.sh up
export JOURNEY_TIME_SCALE=${JOURNEY_TIME_SCALE:-0.000347222}
export LOG_LEVEL=${LOG_LEVEL:-warn}
# The simulated shop sells in euros.
export SHOP_CURRENCY=${SHOP_CURRENCY:-EUR}
exec node bin/journeys.js simulate "$@"
