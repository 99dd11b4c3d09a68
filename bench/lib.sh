# shellcheck shell=bash
# Shared by bench/*.sh: start processes on 127.0.0.1, remember their PIDs, stop exactly those PIDs on exit.
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_TOOLS="${BENCH_TOOLS:-${TMPDIR:-/tmp}/blazorauth-bench-tools}"
DIAG_VERSION="${DIAG_VERSION:-10.0.750501}"
STARTED_PIDS=()
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

# abs_dir DIR -> DIR as an absolute path (processes are started from other folders)
abs_dir() { (cd "$1" 2>/dev/null && pwd) || { echo "no folder $1" >&2; return 1; }; }

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# wait_http URL SECONDS -> 0 as soon as URL answers 200
wait_http() {
  local url=$1 secs=${2:-60} i
  for ((i = 0; i < secs * 50; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ] && return 0
    sleep 0.02
  done
  return 1
}

# stop_pid PID [SIGNAL] [SECONDS]: the signal (TERM), up to SECONDS (15), then KILL; only ever the PID given
stop_pid() {
  local pid=$1 sig=${2:-TERM} secs=${3:-15} i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null
  for ((i = 0; i < secs * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "PID $pid ignored SIG$sig for $secs s; SIGKILL"
  kill -KILL "$pid" 2>/dev/null
}

forget_pid() { local p keep=(); for p in "${STARTED_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; STARTED_PIDS=("${keep[@]}"); }

stop_all() { local i; for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${STARTED_PIDS[$i]}"; done; STARTED_PIDS=(); }

# with_sigint CMD...: runs CMD with SIGINT at its default; bash starts background jobs with SIGINT ignored, and
# dotnet-counters/dotnet-trace only write their file when they are stopped with SIGINT.
with_sigint() { python3 -c 'import os,signal,sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' "$@"; }

# diag_tool NAME -> path of dotnet-counters / dotnet-gcdump, installed into $BENCH_TOOLS on first use
diag_tool() {
  local name=$1
  if [ ! -x "$BENCH_TOOLS/$name" ]; then
    dotnet tool install --tool-path "$BENCH_TOOLS" "$name" --version "$DIAG_VERSION" >&2 || return 1
  fi
  echo "$BENCH_TOOLS/$name"
}

# publish_product DIR: dotnet publish App -c Release into DIR (the product as it ships)
publish_product() {
  log "publishing App (Release) to $1"
  dotnet publish "$REPO_DIR/App" -c Release -o "$1" --nologo -v q >&2
}

# start_product WORKDIR DLL [extra env assignments...] -> PRODUCT_PID PRODUCT_URL
#   Production, a fresh SQLite file under WORKDIR, the given admin; logs to WORKDIR/product.log
start_product() {
  local dir=$1 dll=$2; shift 2
  local port; port=$(free_port)
  PRODUCT_URL="http://127.0.0.1:$port"
  rm -rf "$dir/product-data" && mkdir -p "$dir/product-data" # a fresh database on every start
  ( cd "$(dirname "$dll")" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$PRODUCT_URL" \
      ConnectionStrings__Default="Data Source=$dir/product-data/blazorauth.db" \
      Admin__Email="$ADMIN_EMAIL" Admin__Password="$ADMIN_PASSWORD" Admin__DataDirectory="$dir/product-data" \
      Logging__LogLevel__Default=Warning "$@" dotnet "$dll" ) >"$dir/product.log" 2>&1 &
  PRODUCT_PID=$!
  STARTED_PIDS+=("$PRODUCT_PID")
}

ADMIN_EMAIL="${ADMIN_EMAIL:-bench-admin@bench.local}"
ADMIN_PASSWORD="${ADMIN_PASSWORD:-Bench!Admin-$RANDOM$RANDOM}"
