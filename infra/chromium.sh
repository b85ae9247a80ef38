#!/usr/bin/env bash
# A real browser for the tests that use one (Segment's browser library): Debian's chromium,
# driven by playwright-core with the system executable (browser downloads fail here).
# `infra/chromium.sh install|status`; CHROMIUM_PATH points elsewhere if set.
COMPONENT=chromium
source "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

install() {
  if [[ -x $CHROMIUM ]]; then log "$("$CHROMIUM" --version 2>/dev/null | head -1) present"; return; fi
  command -v apt-get >/dev/null || fail "no chromium at $CHROMIUM: install Chromium, or set CHROMIUM_PATH."
  log "installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null || fail "apt-get install chromium failed"
  [[ -x $CHROMIUM ]] || fail "chromium was installed, but not at $CHROMIUM"
}

status() {
  if [[ -x $CHROMIUM ]]; then log "present: $CHROMIUM"; else log "not installed"; return 1; fi
}

case ${1:-} in
  install) install ;;
  status) status ;;
  *) echo "usage: infra/chromium.sh install|status" >&2; exit 2 ;;
esac
