#!/usr/bin/env bash
# The whole test suite (`npm test`): installs whatever is missing, starts the local stack,
# type-checks, lints, then runs every *.test.ts with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
infra/stack.sh up
echo "[test] type-check and lint" >&2
npx --no-install tsc -p .
npx --no-install eslint .
mapfile -t files < <(find schemas workflows activities services test -name '*.test.ts' | sort)
# One file at a time: each starts its own worker (and test server) on a 2-core machine.
# --test-force-exit: after a Kafka restart, kafkajs can keep one broker socket open past
# disconnect(); a file whose tests are done must not wait for it.
exec node --import tsx --test --test-concurrency=1 --test-timeout=300000 --test-force-exit "${files[@]}"
