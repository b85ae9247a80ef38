# Shared helpers for the infra scripts. Sourced, never run.
set -euo pipefail

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$INFRA_DIR/.." && pwd)
# Everything installed or written at run time lives here (git-ignored).
LOCAL_DIR=${JOURNEYS_LOCAL_DIR:-$ROOT_DIR/.local}
RUN_DIR=$LOCAL_DIR/run
LOG_DIR=$LOCAL_DIR/log
DATA_DIR=$LOCAL_DIR/data
mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"

# Defaults come from files; values already in the environment win.
load_env_defaults() {
  local file=$1 key value
  while IFS='=' read -r key value; do
    [[ -z $key || $key == \#* ]] && continue
    if [[ -z ${!key:-} ]]; then export "$key=$value"; fi
  done <"$file"
}
load_env_defaults "$INFRA_DIR/defaults.env"
load_env_defaults "$INFRA_DIR/versions.env"

log() { printf '[%s] %s\n' "${COMPONENT:-infra}" "$*" >&2; }
fail() { log "ERROR: $*"; exit 1; }

require_command() { # name, how to get it
  command -v "$1" >/dev/null 2>&1 || fail "'$1' is missing. $2"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds.
wait_until() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.3
  done
  log "$what"
}

pid_file() { echo "$RUN_DIR/$1.pid"; }

is_running() {
  local file; file=$(pid_file "$1")
  [[ -f $file ]] && kill -0 "$(cat "$file")" 2>/dev/null
}

# start_daemon NAME COMMAND...: detached from this shell (own session, no inherited
# stdio), so CI and terminals are not held open by the servers we start.
start_daemon() {
  local name=$1; shift
  setsid nohup "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$(pid_file "$name")"
}

stop_daemon() {
  local name=$1 file pid
  file=$(pid_file "$name")
  if ! is_running "$name"; then rm -f "$file"; log "not running"; return 0; fi
  pid=$(cat "$file")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" || true; fi
  rm -f "$file"
  log "stopped"
}

# Prints the tail of a component's log to explain a failed start, then exits.
fail_with_log() {
  log "last lines of $LOG_DIR/$1.log:"
  tail -n 25 "$LOG_DIR/$1.log" >&2 || true
  fail "$2"
}

# Copies the runtime dependencies of a small Maven project (pom, output folder) from Maven
# Central; Maven's own output goes to .local/log/maven.log and is shown only on failure.
maven_fetch() {
  local pom=$1 out=$2
  require_command java "Install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless)."
  require_command mvn "Install Maven to fetch jars from Maven Central (Debian: apt-get install maven)."
  mvn -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$out" >"$LOG_DIR/maven.log" 2>&1 \
    || fail_with_log maven "Maven could not fetch the dependencies of $pom from Maven Central."
}

# Runs "$@" once per named action; shared dispatcher of every component script.
dispatch() {
  local action=${1:-}
  case $action in
    install | start | stop | status) "$action" ;;
    *) echo "usage: $(basename "$0") install|start|stop|status" >&2; exit 2 ;;
  esac
}
