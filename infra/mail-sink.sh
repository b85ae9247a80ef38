#!/usr/bin/env bash
# The SMTP sink: MailDev (npm, pinned in package.json) receives real SMTP and shows the mail
# in a web inbox; its REST API (/email) is how tests read what was sent.
COMPONENT=mail-sink
source "$(dirname "$0")/lib.sh"

MAILDEV=$ROOT_DIR/node_modules/maildev/bin/maildev

install() {
  [[ -f $MAILDEV ]] || fail "MailDev is missing from node_modules; run 'npm ci' first."
  log "MailDev $(node -p "require('$ROOT_DIR/node_modules/maildev/package.json').version") present"
}

healthy() { port_open "$MAIL_SINK_SMTP_PORT" && curl -fsS "http://127.0.0.1:$MAIL_SINK_WEB_PORT/healthz" >/dev/null; }

start() {
  if is_running mail-sink; then log "already running"; return; fi
  port_open "$MAIL_SINK_SMTP_PORT" && fail "port $MAIL_SINK_SMTP_PORT is taken by another process; set MAIL_SINK_SMTP_PORT."
  install >/dev/null
  start_daemon mail-sink node "$MAILDEV" --ip 127.0.0.1 --smtp "$MAIL_SINK_SMTP_PORT" \
    --web "$MAIL_SINK_WEB_PORT" --web-ip 127.0.0.1 --silent
  wait_until 30 "SMTP on 127.0.0.1:$MAIL_SINK_SMTP_PORT, inbox http://127.0.0.1:$MAIL_SINK_WEB_PORT" \
    healthy \
    || fail_with_log mail-sink "MailDev did not start within 30 s"
}

stop() { stop_daemon mail-sink; }

status() {
  if is_running mail-sink && healthy; then
    log "running: SMTP 127.0.0.1:$MAIL_SINK_SMTP_PORT, inbox http://127.0.0.1:$MAIL_SINK_WEB_PORT"
  else log "stopped"; return 1; fi
}

dispatch "$@"
