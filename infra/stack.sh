#!/usr/bin/env bash
# The whole local stack: `infra/stack.sh up|down|status|install`. Idempotent: a second `up`
# while everything runs only reports it.
COMPONENT=stack
source "$(dirname "$0")/lib.sh"

SERVERS=(postgres kafka temporal mail-sink provider-sink)

# Installs node_modules from the lock file when missing or installed from another lock.
# Not `npm ci`: the registry we install from lacks @swc/core's binaries for other platforms,
# so the lock cannot list them and `npm ci` refuses it; `npm install --no-save` installs
# the locked versions and leaves the lock untouched.
ensure_node_modules() {
  require_command node "Install Node.js 20 (Debian: apt-get install nodejs npm)."
  local stamp=$ROOT_DIR/node_modules/.journeys-lock-sha lock_sha
  lock_sha=$(sha256sum "$ROOT_DIR/package-lock.json" | cut -d' ' -f1)
  if [[ -f $stamp && $(cat "$stamp") == "$lock_sha" ]]; then return; fi
  log "installing npm packages"
  (cd "$ROOT_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error) || fail "npm install failed"
  echo "$lock_sha" >"$stamp"
}

# Keys the local stack signs with (VAPID for Web Push), generated once per checkout and
# never committed; services/platform/config.ts reads them. Production sets its own in the environment.
ensure_local_keys() {
  local file=$LOCAL_DIR/keys.env
  [[ -f $file ]] && return
  log "generating the local stack's VAPID keys"
  (cd "$ROOT_DIR" && node -e '
    const { publicKey, privateKey } = require("web-push").generateVAPIDKeys();
    console.log(`VAPID_PUBLIC_KEY=${publicKey}\nVAPID_PRIVATE_KEY=${privateKey}`);') >"$file.tmp"
  chmod 600 "$file.tmp" && mv "$file.tmp" "$file"
}

install_all() {
  ensure_node_modules
  local c
  for c in "${SERVERS[@]}" temporal-test-server; do "$INFRA_DIR/$c.sh" install; done
}

case ${1:-} in
  # The npm packages alone (the unit tests need no server).
  deps) ensure_node_modules ;;
  install) install_all ;;
  up)
    ensure_node_modules
    ensure_local_keys
    for c in "${SERVERS[@]}"; do "$INFRA_DIR/$c.sh" start; done
    "$INFRA_DIR/temporal-test-server.sh" install
    ;;
  down) for ((i = ${#SERVERS[@]} - 1; i >= 0; i--)); do "$INFRA_DIR/${SERVERS[i]}.sh" stop; done ;;
  status)
    rc=0
    for c in "${SERVERS[@]}" temporal-test-server; do "$INFRA_DIR/$c.sh" status || rc=1; done
    exit $rc
    ;;
  *) echo "usage: infra/stack.sh up|down|status|install|deps" >&2; exit 2 ;;
esac
