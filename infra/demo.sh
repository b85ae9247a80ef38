#!/usr/bin/env bash
# The main job (`npm run demo`): the local stack, the product, a cart-abandonment scenario and
# then a simulated store until every journey has sent (infra/scaled-run.sh: a day in 30 s).
set -euo pipefail
exec "$(dirname "$0")/scaled-run.sh" demo "$@"
