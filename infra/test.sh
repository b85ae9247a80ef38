#!/usr/bin/env bash
# The test suites: `infra/test.sh [all|unit|int|replay]` (npm test, test:unit, test:int, test:replay).
#   all     installs whatever is missing, starts the local stack, type-checks, lints (with
#           the format check), then runs every *.test.ts: the README's test command;
#   unit    tests that need no server of the local stack: pure functions, the CLI, and
#           workflows on Temporal's time-skipping test server with in-memory activities;
#   int     *.int.test.ts beside the code and everything under test/: the real stack (and
#           Debian's chromium, for Segment's browser library);
#   replay  recorded workflow histories against the current workflow code.
set -euo pipefail
cd "$(dirname "$0")/.."
tier=${1:-all}

all_tests() { find schemas segments workflows activities services test -name '*.test.ts' | sort; }
int_tests() { all_tests | grep -E '(\.int\.test\.ts$|^test/)'; }
replay_tests() { echo workflows/replay.test.ts; }
unit_tests() { all_tests | grep -Ev '(\.int\.test\.ts$|^test/|^workflows/replay\.test\.ts$)'; }

case $tier in
  all)
    infra/stack.sh up
    infra/chromium.sh install
    echo "[test] type-check and lint" >&2
    npx --no-install tsc -p .
    npm run --silent lint
    mapfile -t files < <(all_tests)
    ;;
  unit | replay)
    infra/stack.sh deps
    "infra/temporal-test-server.sh" install
    # Nothing of the local stack may be reached, even when it runs: these point nowhere.
    export DATABASE_URL=postgres://journeys@127.0.0.1:9/none KAFKA_BROKERS=127.0.0.1:9 SMTP_URL=smtp://127.0.0.1:9
    if [[ $tier == unit ]]; then mapfile -t files < <(unit_tests); else mapfile -t files < <(replay_tests); fi
    ;;
  int)
    infra/stack.sh up
    infra/chromium.sh install
    mapfile -t files < <(int_tests)
    ;;
  *) echo "usage: infra/test.sh [all|unit|int|replay]" >&2; exit 2 ;;
esac
# One file at a time: each starts its own worker (and test server) on a 2-core machine.
# --test-force-exit: after a Kafka restart, kafkajs can keep one broker socket open past
# disconnect(); a file whose tests are done must not wait for it.
# --test-timeout bounds each file as well as each test: 25 minutes, for the store simulator's
# weeks of journey time (its wait is 20; on a loaded machine it took 12.5 where an idle one took 4).
exec node --import tsx --test --test-concurrency=1 --test-timeout=1500000 --test-force-exit "${files[@]}"
