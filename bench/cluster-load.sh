#!/usr/bin/env bash
# Issue 17's load figure: V concurrent DingTalk sign-ins for S seconds against, in one run,
#   cluster   two published instances on one PostgreSQL behind nginx (scripts/cluster.sh), through nginx
#   sqlite    one published instance on a fresh SQLite file, direct
#   postgres  one published instance on PostgreSQL (scripts/cluster.sh --instances 1), direct
# all against one fake DingTalk (bench/SignInLoad/FakeDingTalk), driven by bench/SignInLoad/LoadGen, sign-in rate
# limits raised. Each target starts on an empty database: the first sign-in of each of N distinct DingTalk users
# signs them up, the rest return. Afterwards it counts the rows: every user exactly once, one binding each, no user
# without a binding but the administrator. Everything on 127.0.0.1, bounded, every process stopped by its PID.
#   bench/cluster-load.sh [--users 200] [--seconds 60] [--warmup 10] [--distinct-users 1000]
#                         [--targets "cluster sqlite postgres"] [--product-dir PUBLISHED_DIR] [--out DIR]
# Prints a markdown table (also in OUT/summary.md) with the load average before and after.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SELF="$BENCH_DIR/$(basename "${BASH_SOURCE[0]}")" # scripts/cluster.sh runs the inner step from the repository root

# ---------- inner: one measurement, against a target that is up (run by this script, or by cluster.sh's "--") ----------
# measure TARGET BASE_URL DB_KIND DB [PID]: setup, the load run, then the row counts into OUT/TARGET-rows.json
measure() {
  local target=$1 base=$2 kind=$3 db=$4 pid=${5:-} login
  log "$target: setting up $base"
  "${LOADGEN[@]}" setup --base "$base" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" >"$OUT/$target-setup.txt" \
    || { log "$target: setup failed"; return 1; }
  login=$(sed -n 's/^LOGIN_PATH=//p' "$OUT/$target-setup.txt")
  echo "$target load-before $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  # A DingTalk user is not an administrator: the console answers 403, which proves the cookie signs them in.
  "${LOADGEN[@]}" run --base "$base" --label "$target" --json "$OUT/$target.json" --login-path "$login" \
    --whoami-path /admin --whoami-status 403,200 --users "$USERS" --seconds "$SECS" --warmup "$WARMUP" \
    --distinct-users "$DISTINCT" ${pid:+--pid "$pid"} | tee -a "$OUT/results.txt"
  echo "$target load-after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  rows "$kind" "$db" >"$OUT/$target-rows.txt"
  log "$target rows: $(tr '\n' ' ' <"$OUT/$target-rows.txt")"
}

# rows KIND DB: the DingTalk users' rows, as "name value" lines
rows() {
  local kind=$1 db=$2 sql
  sql="SELECT 'bindings', count(*) FROM \"UserBindings\";
SELECT 'distinct_provider_keys', count(DISTINCT \"ProviderKey\") FROM \"UserBindings\";
SELECT 'distinct_bound_users', count(DISTINCT \"UserId\") FROM \"UserBindings\";
SELECT 'users', count(*) FROM \"AspNetUsers\";
SELECT 'users_without_binding', count(*) FROM \"AspNetUsers\" u WHERE NOT EXISTS (SELECT 1 FROM \"UserBindings\" b WHERE b.\"UserId\" = u.\"Id\");"
  if [ "$kind" = sqlite ]; then
    python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for statement in sys.argv[2].split(";"):
    if statement.strip(): print(*db.execute(statement).fetchone())' "$db" "$sql"
  else
    psql "$db" -X -A -t -F ' ' -c "$sql" 2>&1 | sed '/^$/d'
  fi
}

if [ "${1:-}" = --measure ]; then
  shift
  LOADGEN=(dotnet "$CL_BUILD/LoadGen/LoadGen.dll"); OUT=$CL_OUT; USERS=$CL_USERS; SECS=$CL_SECS; WARMUP=$CL_WARMUP; DISTINCT=$CL_DISTINCT
  ADMIN_EMAIL=$CLUSTER_ADMIN_EMAIL ADMIN_PASSWORD=$CLUSTER_ADMIN_PASSWORD
  # CLUSTER_POSTGRES is an Npgsql connection string; psql takes a URI.
  pg_port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$CLUSTER_POSTGRES")
  pg_uri="postgresql://postgres@127.0.0.1:$pg_port/blazorauth"
  case $1 in
    cluster) measure cluster "$CLUSTER_URL" postgres "$pg_uri" ;;
    postgres) measure postgres "${CLUSTER_INSTANCE_URLS%% *}" postgres "$pg_uri" "${CLUSTER_INSTANCE_PIDS%% *}" ;;
  esac
  exit $?
fi

# ---------- outer ----------
USERS=200; SECS=60; WARMUP=10; DISTINCT=1000; TARGETS="cluster sqlite postgres"; PRODUCT_DIR=""
OUT="${TMPDIR:-/tmp}/blazorauth-bench/cluster-load-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do case $1 in
  --users) USERS=$2; shift 2;; --seconds) SECS=$2; shift 2;; --warmup) WARMUP=$2; shift 2;;
  --distinct-users) DISTINCT=$2; shift 2;; --targets) TARGETS=$2; shift 2;; --product-dir) PRODUCT_DIR=$2; shift 2;;
  --out) OUT=$2; shift 2;;
  -h|--help) sed -n '2,13p' "$0"; exit 0;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
trap stop_all EXIT
trap 'exit 130' INT TERM
export PATH="$PATH:/usr/sbin"

BUILD="$OUT/build"
for p in FakeDingTalk LoadGen; do
  log "building $p"
  dotnet build "$BENCH_DIR/SignInLoad/$p/$p.csproj" -c Release -o "$BUILD/$p" --nologo -v q >&2 || exit 1
done
if [ -z "$PRODUCT_DIR" ]; then PRODUCT_DIR="$OUT/product"; publish_product "$PRODUCT_DIR" || exit 1; fi
PRODUCT_DIR=$(abs_dir "$PRODUCT_DIR") || exit 1
[ -f "$PRODUCT_DIR/App.dll" ] || { log "no App.dll in $PRODUCT_DIR"; exit 1; }
LOADGEN=(dotnet "$BUILD/LoadGen/LoadGen.dll")

dotnet "$BUILD/FakeDingTalk/FakeDingTalk.dll" --urls "http://127.0.0.1:0" >"$OUT/fake.log" 2>&1 &
FAKE_PID=$!; STARTED_PIDS+=("$FAKE_PID")
for _ in $(seq 1 300); do FAKE_URL=$(sed -n 's/^FAKE_DINGTALK_URL=//p' "$OUT/fake.log"); [ -n "$FAKE_URL" ] && break; sleep 0.1; done
[ -n "$FAKE_URL" ] || { log "the fake did not start"; cat "$OUT/fake.log" >&2; exit 1; }
log "fake DingTalk $FAKE_URL (PID $FAKE_PID)"

export CL_BUILD=$BUILD CL_OUT=$OUT CL_USERS=$USERS CL_SECS=$SECS CL_WARMUP=$WARMUP CL_DISTINCT=$DISTINCT
# As bench/lib.sh starts the product: warnings only, so logging is not what is measured.
export Logging__LogLevel__Default=Warning
echo "run load-start $(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/loadavg.txt"
uptime >"$OUT/uptime-before.txt"
for target in $TARGETS; do
  case $target in
    cluster)
      "$REPO_DIR/scripts/cluster.sh" --instances 2 --publish "$PRODUCT_DIR" --dingtalk "$FAKE_URL" -- "$SELF" --measure cluster \
        2> >(grep -v '^$' >"$OUT/cluster.log") || log "cluster: failed (see $OUT/cluster.log)" ;;
    postgres)
      CLUSTER_PUBLIC_BASE_URL="" "$REPO_DIR/scripts/cluster.sh" --instances 1 --publish "$PRODUCT_DIR" --dingtalk "$FAKE_URL" -- "$SELF" --measure postgres \
        2> >(grep -v '^$' >"$OUT/postgres.log") || log "postgres: failed (see $OUT/postgres.log)" ;;
    sqlite)
      start_product "$OUT" "$PRODUCT_DIR/App.dll" DingTalk__LoginBaseUrl="$FAKE_URL" DingTalk__ApiBaseUrl="$FAKE_URL" \
        RateLimiting__SignIn__PermitLimit=100000000 RateLimiting__ExternalSignIn__PermitLimit=100000000
      if wait_http "$PRODUCT_URL/healthz" 120; then
        measure sqlite "$PRODUCT_URL" sqlite "$OUT/product-data/blazorauth.db" "$PRODUCT_PID" || log "sqlite: failed"
      else
        log "sqlite: the product did not answer /healthz"; tail -30 "$OUT/product.log" >&2
      fi
      stop_pid "$PRODUCT_PID"; forget_pid "$PRODUCT_PID" ;;
    *) log "unknown target $target" ;;
  esac
done
uptime >"$OUT/uptime-after.txt"

python3 - "$OUT" "$DISTINCT" "$TARGETS" <<'PY' | tee "$OUT/summary.md"
import json, os, re, sys
out, distinct, targets = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
names = {"cluster": "2 instances, PostgreSQL, behind nginx", "sqlite": "1 instance, SQLite", "postgres": "1 instance, PostgreSQL"}
loads = {}
for line in open(os.path.join(out, "loadavg.txt")):
    t, when, *avg = line.split()
    loads[(t, when)] = " / ".join(avg)
print("| target | V | s | sign-ins/s | p50 ms | p99 ms | max ms | errors | 5xx | DingTalk users (of %d) | bindings (distinct keys, distinct users) | users without binding, admin excluded | rows | load avg before → after (1/5/15 min) |" % distinct)
print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|")
for t in targets:
    path = os.path.join(out, t + ".json")
    if not os.path.exists(path):
        print(f"| {names.get(t, t)} | | | failed to run | | | | | | | | | | |"); continue
    r = json.load(open(path))
    rows = {}
    rp = os.path.join(out, t + "-rows.txt")
    if os.path.exists(rp):
        for line in open(rp):
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit(): rows[parts[0]] = int(parts[1])
    errors = r["errorCount"]
    kinds = ", ".join(f"{k}={v}" for k, v in r["errors"].items())
    fivexx = sum(v for k, v in r["errors"].items() if re.search(r":5\d\d$", k))
    flow = r.get("flow") or {}
    # The administrator is the one user without a binding.
    users = rows.get("users", 0) - 1 if rows else "?"
    keys = ("users", "bindings", "distinct_provider_keys", "distinct_bound_users", "users_without_binding")
    check = ("ok" if rows["users"] - 1 == rows["bindings"] == rows["distinct_provider_keys"] == rows["distinct_bound_users"]
             and rows["users_without_binding"] == 1 else "MISMATCH") if all(k in rows for k in keys) else "not counted"
    print(f"| {names.get(t, t)} | {r['users']} | {r['seconds']:g} | {r['signInsPerSecond']:.1f} | {flow.get('p50', '-')} | {flow.get('p99', '-')} | {flow.get('max', '-')} | "
          f"{errors}{' (' + kinds + ')' if kinds else ''} | {fivexx} | {users} | {rows.get('bindings', '?')} (keys {rows.get('distinct_provider_keys', '?')}, users {rows.get('distinct_bound_users', '?')}) | "
          f"{rows['users_without_binding'] - 1 if 'users_without_binding' in rows else '?'} | {check} | {loads.get((t, 'load-before'), '?')} → {loads.get((t, 'load-after'), '?')} |")
print()
print(f"Every row count is of the whole run (warm-up included). The DingTalk users column reaches {distinct} only when the load "
      "reached every one of them; rows is ok when users = bindings = distinct keys = distinct bound users and no user lacks a binding "
      "(a duplicate or a half-written sign-up would break one of these).")
print()
print("uptime before: " + open(os.path.join(out, "uptime-before.txt")).read().strip())
print("uptime after:  " + open(os.path.join(out, "uptime-after.txt")).read().strip())
PY
log "results in $OUT (summary.md, one JSON per target, logs)"
