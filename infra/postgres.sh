#!/usr/bin/env bash
# PostgreSQL: the server named by DATABASE_URL when set; otherwise a cluster of our own in
# .local/data/postgres, run with Debian's server binaries (installed when missing).
COMPONENT=postgres
source "$(dirname "$0")/lib.sh"

PG_DATA=$DATA_DIR/postgres

find_bin_dir() { # newest installed server >= POSTGRES_MIN_MAJOR
  local dir major
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    major=$(basename "$(dirname "$dir")")
    if ((major >= POSTGRES_MIN_MAJOR)) && [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then echo "$dir"; return; fi
  done
}

# The server refuses to run as root: as root we run it as Debian's `postgres` user.
as_server_user() {
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  if [[ -n ${DATABASE_URL:-} ]]; then log "using DATABASE_URL; nothing to install"; return; fi
  if [[ -n $(find_bin_dir) ]]; then log "PostgreSQL server found in $(find_bin_dir)"; return; fi
  ((EUID == 0)) || fail "no PostgreSQL >= $POSTGRES_MIN_MAJOR server binaries; install Debian's 'postgresql' package (sudo apt-get install postgresql) or set DATABASE_URL."
  log "installing Debian's postgresql package"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
    || fail "apt-get could not install postgresql; install it by hand or set DATABASE_URL."
  [[ -n $(find_bin_dir) ]] || fail "postgresql installed but no server >= $POSTGRES_MIN_MAJOR found in /usr/lib/postgresql"
}

ready() {
  if [[ -n ${DATABASE_URL:-} ]]; then psql "$DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1
  else "$(find_bin_dir)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER"; fi
}

init_cluster() {
  local bin=$1
  mkdir -p "$PG_DATA"
  ((EUID == 0)) && chown postgres: "$PG_DATA" && chmod 700 "$PG_DATA"
  as_server_user test -w "$PG_DATA" \
    || fail "the postgres user cannot write $PG_DATA (a parent folder is not traversable by it); move the checkout or set DATABASE_URL."
  [[ -f $PG_DATA/PG_VERSION ]] && return
  log "creating a cluster in $PG_DATA"
  as_server_user "$bin/initdb" -D "$PG_DATA" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 \
    >>"$LOG_DIR/postgres.log" 2>&1 || fail_with_log postgres "initdb failed"
}

start() {
  install
  if [[ -n ${DATABASE_URL:-} ]]; then
    ready || fail "cannot connect to DATABASE_URL (check that the server runs and the URL is right)"
    log "reachable through DATABASE_URL"; return
  fi
  local bin; bin=$(find_bin_dir)
  if ready; then log "already running on 127.0.0.1:$PG_PORT"; return; fi
  port_open "$PG_PORT" && fail "port $PG_PORT is taken by another process; set PG_PORT."
  init_cluster "$bin"
  touch "$LOG_DIR/postgres.log" && ((EUID == 0)) && chown postgres: "$LOG_DIR/postgres.log"
  # pg_ctl detaches the server itself; -w waits until it accepts connections.
  as_server_user "$bin/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t 60 start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DATA -c fsync=off" \
    </dev/null >/dev/null 2>&1 || fail_with_log postgres "PostgreSQL did not start"
  wait_until 30 "serving on 127.0.0.1:$PG_PORT" ready || fail_with_log postgres "PostgreSQL is not ready"
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc \
    "select 1 from pg_database where datname = '$PG_DATABASE'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "create database $PG_DATABASE" >/dev/null
    log "created database $PG_DATABASE"
  fi
}

stop() {
  if [[ -n ${DATABASE_URL:-} ]]; then log "DATABASE_URL is an external server; not stopping it"; return; fi
  if [[ ! -f $PG_DATA/postmaster.pid ]]; then log "not running"; return; fi
  as_server_user "$(find_bin_dir)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "stopped"
}

status() {
  if ready; then log "running (${DATABASE_URL:+DATABASE_URL}${DATABASE_URL:-127.0.0.1:$PG_PORT})"; else log "stopped"; return 1; fi
}

dispatch "$@"
