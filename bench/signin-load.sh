#!/usr/bin/env bash
# Issue 13, goal 1: the whole DingTalk sign-in under load, BlazorAuth (B) next to two anchors in the same run:
#   A   a stock OAuthHandler<T> app with a cookie, no database            (bench/SignInLoad/StockApp)
#   A+  the same app plus BlazorAuth's durable inserts on SQLite          (StockApp --Durable:Database=...)
#   B   the published product, Production, a fresh SQLite file, sign-in rate limits raised
# against one fake DingTalk (bench/SignInLoad/FakeDingTalk), driven by bench/SignInLoad/LoadGen. Alternates A, A+, B
# per V and rep; everything on 127.0.0.1, bounded in time, every process stopped by its PID. Prints a markdown table.
#   bench/signin-load.sh [--users "8 32"] [--seconds 20] [--warmup 5] [--reps 2] [--prewarm 20] [--distinct-users 200]
#                        [--product-dir PUBLISHED_DIR] [--out DIR] [--no-counters]
#                        [--product-env KEY=VALUE]... [--variant "NAME KEY=VALUE..."]... [--no-anchors]
#                        [--product-loadgen-arg ARG]...
#   --product-env  an environment variable for B and every variant, e.g. Logging__LogLevel__Default=Error; repeatable
#   --variant      one more product instance, B+NAME, with these variables on top: its own port and fresh SQLite file,
#                  measured in the same run right after B for every V and rep (the report adds ratios B+NAME/B). In a
#                  value, {otlp} is the address of a loopback OTLP/HTTP sink the script starts (bench/SignInLoad/otlp-sink.py):
#                    --variant "audit-off Audit__Enabled=false"
#                    --variant "otel-on OTEL_EXPORTER_OTLP_ENDPOINT={otlp} OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
#                  DIR=PUBLISHED_DIR runs another published build instead (side by side with B, e.g. before a change):
#                    --variant "before DIR=/tmp/pub-main"
#   --no-anchors   skip A and A+ (B and its variants only)
#   --product-loadgen-arg  one more LoadGen argument for B and its variants, repeatable: what one request costs, e.g.
#                  --product-loadgen-arg --extra-get --product-loadgen-arg /auth/dingtalk/bench/login=4 (4 more logins
#                  per sign-in, fresh cookies) or --product-loadgen-arg --whoami-repeat --product-loadgen-arg 4; compare
#                  "KB allocated/sign-in" with a run without it (CPU per sign-in moves too much from run to run)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

USERS="8 32"; SECS=20; WARMUP=5; REPS=2; PREWARM=20; DISTINCT=200; PRODUCT_DIR=""; COUNTERS=1; ANCHORS=1
PRODUCT_ENV=(); VARIANTS=(); PRODUCT_LOADGEN=()
OUT="${TMPDIR:-/tmp}/blazorauth-bench/signin-load-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do case $1 in
  --users) USERS=$2; shift 2;; --seconds) SECS=$2; shift 2;; --warmup) WARMUP=$2; shift 2;; --reps) REPS=$2; shift 2;;
  --prewarm) PREWARM=$2; shift 2;; --distinct-users) DISTINCT=$2; shift 2;; --product-dir) PRODUCT_DIR=$2; shift 2;;
  --out) OUT=$2; shift 2;; --no-counters) COUNTERS=0; shift;;
  --product-env) PRODUCT_ENV+=("$2"); shift 2;; --product-loadgen-arg) PRODUCT_LOADGEN+=("$2"); shift 2;; --variant) VARIANTS+=("$2"); shift 2;; --no-anchors) ANCHORS=0; shift;;
  -h|--help) sed -n '2,24p' "$0"; exit 0;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
for v in ${VARIANTS[@]+"${VARIANTS[@]}"}; do
  [[ ${v%% *} =~ ^[a-z0-9][a-z0-9-]*$ ]] || { echo "a variant's NAME is lower-case letters, digits and dashes: '$v'" >&2; exit 2; }
done
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
trap stop_all EXIT
trap 'exit 130' INT TERM

# ---------- build ----------
BUILD="$OUT/build"
for p in FakeDingTalk StockApp LoadGen; do
  log "building $p"
  dotnet build "$BENCH_DIR/SignInLoad/$p/$p.csproj" -c Release -o "$BUILD/$p" --nologo -v q >&2 || exit 1
done
if [ -z "$PRODUCT_DIR" ]; then PRODUCT_DIR="$OUT/product"; publish_product "$PRODUCT_DIR" || exit 1; fi
PRODUCT_DIR=$(abs_dir "$PRODUCT_DIR") || exit 1
[ -f "$PRODUCT_DIR/App.dll" ] || { log "no App.dll in $PRODUCT_DIR"; exit 1; }
LOADGEN=(dotnet "$BUILD/LoadGen/LoadGen.dll")

# ---------- start ----------
dotnet "$BUILD/FakeDingTalk/FakeDingTalk.dll" --urls "http://127.0.0.1:0" >"$OUT/fake.log" 2>&1 &
FAKE_PID=$!; STARTED_PIDS+=("$FAKE_PID")
for _ in $(seq 1 300); do FAKE_URL=$(sed -n 's/^FAKE_DINGTALK_URL=//p' "$OUT/fake.log"); [ -n "$FAKE_URL" ] && break; sleep 0.1; done
[ -n "$FAKE_URL" ] || { log "the fake did not start"; cat "$OUT/fake.log" >&2; exit 1; }
log "fake DingTalk $FAKE_URL (PID $FAKE_PID)"

start_stock() { # NAME LOG [extra args] -> sets ${NAME}_PID ${NAME}_URL
  local name=$1 logf=$2 port; shift 2; port=$(free_port)
  ( cd "$BUILD/StockApp" && exec env ASPNETCORE_ENVIRONMENT=Production dotnet StockApp.dll --urls "http://127.0.0.1:$port" \
      --DingTalk:LoginBaseUrl "$FAKE_URL" --DingTalk:ApiBaseUrl "$FAKE_URL" "$@" ) >"$logf" 2>&1 &
  local pid=$!; STARTED_PIDS+=("$pid")
  printf -v "${name}_PID" %s "$pid"; printf -v "${name}_URL" %s "http://127.0.0.1:$port"
  wait_http "http://127.0.0.1:$port/healthz" 60 || { log "$name did not answer /healthz"; tail -20 "$logf" >&2; exit 1; }
  log "$name http://127.0.0.1:$port (PID $pid)"
}
TARGETS=(product)
if [ "$ANCHORS" = 1 ]; then
  TARGETS=(stock stock-durable product)
  start_stock STOCK "$OUT/stock.log"
  rm -rf "$OUT/stock-durable-data" && mkdir -p "$OUT/stock-durable-data"
  start_stock DURABLE "$OUT/stock-durable.log" --Durable:Database "$OUT/stock-durable-data/signins.db"
fi

OTLP_URL=""
if [[ " ${VARIANTS[*]-} " == *"{otlp}"* ]]; then
  python3 -u "$BENCH_DIR/SignInLoad/otlp-sink.py" >"$OUT/otlp-sink.log" 2>&1 &
  OTLP_PID=$!; STARTED_PIDS+=("$OTLP_PID")
  for _ in $(seq 1 100); do OTLP_URL=$(sed -n 's/^OTLP_SINK_URL=//p' "$OUT/otlp-sink.log"); [ -n "$OTLP_URL" ] && break; sleep 0.1; done
  [ -n "$OTLP_URL" ] || { log "the OTLP sink did not start"; cat "$OUT/otlp-sink.log" >&2; exit 1; }
  log "OTLP sink $OTLP_URL (PID $OTLP_PID)"
fi

# start_b DIR PUBLISHED_DIR [KEY=VALUE...] -> PRODUCT_PID PRODUCT_URL PRODUCT_LOGIN: one product instance, set up and ready to measure
start_b() {
  local dir=$1 build=$2; shift 2; mkdir -p "$dir"
  start_product "$dir" "$build/App.dll" DingTalk__LoginBaseUrl="$FAKE_URL" DingTalk__ApiBaseUrl="$FAKE_URL" \
    RateLimiting__SignIn__PermitLimit=100000000 RateLimiting__ExternalSignIn__PermitLimit=100000000 "$@"
  wait_http "$PRODUCT_URL/healthz" 120 || { log "the product in $dir did not answer /healthz"; tail -30 "$dir/product.log" >&2; exit 1; }
  "${LOADGEN[@]}" setup --base "$PRODUCT_URL" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" >"$dir/product-setup.txt" \
    || { log "product setup failed in $dir"; exit 1; }
  PRODUCT_LOGIN=$(sed -n 's/^LOGIN_PATH=//p' "$dir/product-setup.txt")
}
declare -A VARIANT_PID VARIANT_URL VARIANT_LOGIN
for v in ${VARIANTS[@]+"${VARIANTS[@]}"}; do
  name=${v%% *}; read -r -a env_of <<<"${v#"$name"}"; env_of=(${env_of[@]+"${env_of[@]//\{otlp\}/$OTLP_URL}"})
  build=$PRODUCT_DIR; if [[ "${env_of[0]-}" == DIR=* ]]; then build=${env_of[0]#DIR=}; env_of=("${env_of[@]:1}"); fi
  start_b "$OUT/variant-$name" "$build" ${PRODUCT_ENV[@]+"${PRODUCT_ENV[@]}"} ${env_of[@]+"${env_of[@]}"}
  VARIANT_PID[$name]=$PRODUCT_PID; VARIANT_URL[$name]=$PRODUCT_URL; VARIANT_LOGIN[$name]=$PRODUCT_LOGIN
  TARGETS+=("product+$name")
  log "product+$name $PRODUCT_URL (PID $PRODUCT_PID, $build): ${env_of[*]-}"
done
# B last, so PRODUCT_* (and the busy-wait counters below) are its own.
start_b "$OUT" "$PRODUCT_DIR" ${PRODUCT_ENV[@]+"${PRODUCT_ENV[@]}"}
log "product $PRODUCT_URL (PID $PRODUCT_PID)${PRODUCT_ENV[*]+ ${PRODUCT_ENV[*]}}"

# The product's SQLite busy waits, on the "BlazorAuth" meter, and its allocated bytes, recorded for the whole run and
# summed per window.
if python3 - "$PRODUCT_DIR/App.dll" <<'PY'
import sys; sys.exit(0 if "blazorauth.sqlite.busy_waits".encode("utf-16-le") in open(sys.argv[1], "rb").read() else 1)
PY
then touch "$OUT/product-has-busy-counter"; else log "the product has no blazorauth.sqlite.busy_waits counter; busy waits: n/a"; fi
if python3 - "$PRODUCT_DIR/App.dll" <<'PY'
import sys; sys.exit(0 if "blazorauth.sqlite.write_gate.waits".encode("utf-16-le") in open(sys.argv[1], "rb").read() else 1)
PY
then touch "$OUT/product-has-gate-counter"; fi
COUNTERS_PID=""
if [ "$COUNTERS" = 1 ] && counters=$(diag_tool dotnet-counters); then
  with_sigint "$counters" collect -p "$PRODUCT_PID" --counters 'BlazorAuth,System.Runtime[dotnet.gc.heap.total_allocated]' --format csv -o "$OUT/product-counters.csv" --refresh-interval 1 \
    >"$OUT/counters.log" 2>&1 </dev/null &
  COUNTERS_PID=$!; STARTED_PIDS+=("$COUNTERS_PID")
fi

# ---------- measure ----------
# run TARGET LABEL JSON [loadgen args...]
run() {
  local target=$1 label=$2 json=$3 url pid; shift 3
  case $target in
    stock) url=$STOCK_URL; pid=$STOCK_PID; set -- --whoami-path / --whoami-status 200 "$@";;
    stock-durable) url=$DURABLE_URL; pid=$DURABLE_PID; set -- --whoami-path / --whoami-status 200 "$@";;
    # a DingTalk user is not an administrator: the console answers 403, which proves the cookie signs them in
    product) url=$PRODUCT_URL; pid=$PRODUCT_PID
      set -- --login-path "$PRODUCT_LOGIN" --whoami-path /admin --whoami-status 403,200 ${PRODUCT_LOADGEN[@]+"${PRODUCT_LOADGEN[@]}"} "$@";;
    product+*) url=${VARIANT_URL[${target#product+}]}; pid=${VARIANT_PID[${target#product+}]}
      set -- --login-path "${VARIANT_LOGIN[${target#product+}]}" --whoami-path /admin --whoami-status 403,200 ${PRODUCT_LOADGEN[@]+"${PRODUCT_LOADGEN[@]}"} "$@";;
  esac
  "${LOADGEN[@]}" run --base "$url" --pid "$pid" --label "$label" --json "$json" --distinct-users "$DISTINCT" "$@" | tee -a "$OUT/results.txt"
}
# Tiered JIT and dynamic PGO keep speeding a fresh process up for tens of seconds: pre-warm each target, not recorded.
# The pre-warm also signs up the N distinct users (one prefix for the whole run), so every measured sign-in is a returning user's.
if [ "$PREWARM" != 0 ]; then
  for t in "${TARGETS[@]}"; do
    run "$t" "prewarm-$t" "$OUT/prewarm-$t.json" --users 16 --seconds "$PREWARM" --warmup 0
  done
fi
for v in $USERS; do
  for ((r = 1; r <= REPS; r++)); do
    for t in "${TARGETS[@]}"; do
      run "$t" "$t-V$v-r$r" "$OUT/$t-V$v-r$r.json" --users "$v" --seconds "$SECS" --warmup "$WARMUP"
    done
  done
done
if [ -n "$COUNTERS_PID" ]; then
  # On SIGINT dotnet-counters writes its file and says so, but does not always exit: wait for the line, then stop it.
  sleep 1.5; kill -INT "$COUNTERS_PID" 2>/dev/null
  for _ in $(seq 1 600); do grep -q '^File saved' "$OUT/counters.log" && break; sleep 0.1; done
  stop_pid "$COUNTERS_PID" TERM 5; forget_pid "$COUNTERS_PID"
fi

if [ -n "$OTLP_URL" ]; then
  log "the OTLP sink received $(grep -c '^POST /v1/traces' "$OUT/otlp-sink.log") trace and $(grep -c '^POST /v1/metrics' "$OUT/otlp-sink.log") metric exports"
fi
"${LOADGEN[@]}" report "$OUT" | tee "$OUT/summary.md"
log "results in $OUT (summary.md, one JSON per measurement, logs)"
