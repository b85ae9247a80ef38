#!/usr/bin/env bash
# The provider sink (infra/provider-sink/server.ts): local HTTP servers speaking the Twilio,
# Web Push and Lob APIs, recording what they received (GET /_sink/received) and failing on
# request (POST /_sink/faults). Email has its own sink (mail-sink.sh).
COMPONENT=provider-sink
source "$(dirname "$0")/lib.sh"

install() {
  [[ -f $ROOT_DIR/node_modules/tsx/package.json ]] || fail "tsx is missing from node_modules; run 'infra/stack.sh install' first."
  log "provider sink ready (Twilio, Web Push, Lob)"
}

healthy() { curl -fsS "http://127.0.0.1:$PROVIDER_SINK_PORT/healthz" >/dev/null; }

start() {
  if is_running provider-sink; then log "already running"; return; fi
  port_open "$PROVIDER_SINK_PORT" && fail "port $PROVIDER_SINK_PORT is taken by another process; set PROVIDER_SINK_PORT."
  install >/dev/null
  (cd "$ROOT_DIR" && start_daemon provider-sink node --import tsx infra/provider-sink/server.ts)
  wait_until 30 "Twilio, Web Push and Lob APIs on http://127.0.0.1:$PROVIDER_SINK_PORT" healthy \
    || fail_with_log provider-sink "the provider sink did not start within 30 s"
}

stop() { stop_daemon provider-sink; }

status() {
  if is_running provider-sink && healthy; then log "running: http://127.0.0.1:$PROVIDER_SINK_PORT"
  else log "stopped"; return 1; fi
}

dispatch "$@"
