#!/usr/bin/env bash
# Temporal's time-skipping test server (Java, Maven Central), wrapped as one executable that
# @temporalio/testing starts itself: createTimeSkipping({ server: { executable:
# { type: 'existing-path', path } } }). It has no daemon of its own to start or stop.
COMPONENT=temporal-test-server
source "$(dirname "$0")/lib.sh"

HOME_DIR=$LOCAL_DIR/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION
WRAPPER=$HOME_DIR/bin/temporal-test-server

install() {
  if [[ -x $WRAPPER ]]; then log "test server $TEMPORAL_TEST_SERVER_VERSION already installed"; return; fi
  log "fetching io.temporal:temporal-test-server:$TEMPORAL_TEST_SERVER_VERSION from Maven Central"
  rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR/bin"
  maven_fetch "$INFRA_DIR/temporal-test-server/pom.xml" "$HOME_DIR/lib"
  # The SDK gives the server a few seconds to listen: C1-only JIT and the serial GC
  # start the JVM fastest on a small machine.
  cat >"$WRAPPER.tmp" <<'SH'
#!/usr/bin/env bash
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m -cp "$(dirname "$0")/../lib/*" \
  io.temporal.testserver.TestServer "$@"
SH
  chmod +x "$WRAPPER.tmp" && mv "$WRAPPER.tmp" "$WRAPPER"
  log "installed: $WRAPPER"
}

start() { install; }
stop() { log "nothing to stop: each test starts its own server"; }
status() {
  if [[ -x $WRAPPER ]]; then log "installed: $WRAPPER"; else log "not installed"; return 1; fi
}

dispatch "$@"
