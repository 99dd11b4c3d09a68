#!/usr/bin/env bash
# Issue 13, goal 6: cold start to a healthy /healthz, and idle RSS, of the published product next to a bare
# `dotnet new blazor` app published the same way (dotnet publish -c Release; a /healthz health check added, the only
# change), N runs alternating product, template, product, ...; medians. Each product start gets a fresh SQLite file,
# so its time includes creating the database (migrations, seeding the administrator), as a first start does.
# The clock runs from spawning `dotnet App.dll` to the first 200 from /healthz (polled every 5 ms); idle RSS is read
# from /proc after --idle seconds without traffic. 127.0.0.1 only; every process stopped by its PID.
# --existing-db: every recorded start opens one database created by an unrecorded first start (a restart).
#   bench/coldstart.sh [--runs 5] [--idle 10] [--product-dir PUBLISHED_DIR] [--out DIR] [--existing-db]
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=5; IDLE=10; PRODUCT_DIR=""; FRESH_DB=1
OUT="${TMPDIR:-/tmp}/blazorauth-bench/coldstart-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do case $1 in
  --runs) RUNS=$2; shift 2;; --idle) IDLE=$2; shift 2;; --product-dir) PRODUCT_DIR=$2; shift 2;; --out) OUT=$2; shift 2;;
  --existing-db) FRESH_DB=0; shift;;
  -h|--help) sed -n '2,9p' "$0"; exit 0;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
# The template is created outside the repository, so it does not inherit the repository's Directory.*.props.
TEMPLATE_SRC=$(mktemp -d "${TMPDIR:-/tmp}/blazorauth-bench-template.XXXXXX")
trap 'stop_all; rm -rf "$TEMPLATE_SRC"' EXIT
trap 'exit 130' INT TERM

if [ -z "$PRODUCT_DIR" ]; then PRODUCT_DIR="$OUT/product"; publish_product "$PRODUCT_DIR" || exit 1; fi
PRODUCT_DIR=$(abs_dir "$PRODUCT_DIR") || exit 1
[ -f "$PRODUCT_DIR/App.dll" ] || { log "no App.dll in $PRODUCT_DIR"; exit 1; }
log "creating and publishing a bare 'dotnet new blazor' app"
( cd "$TEMPLATE_SRC" && dotnet new blazor -n BareBlazor -o BareBlazor >&2 ) || exit 1
prog="$TEMPLATE_SRC/BareBlazor/Program.cs"
sed -i 's|^var app = builder.Build();|builder.Services.AddHealthChecks();\nvar app = builder.Build();|; s|^app.Run();|app.MapHealthChecks("/healthz");\napp.Run();|' "$prog"
grep -q 'MapHealthChecks("/healthz")' "$prog" || { log "could not add /healthz to the template's Program.cs"; exit 1; }
dotnet publish "$TEMPLATE_SRC/BareBlazor" -c Release -o "$OUT/template" --nologo -v q >&2 || exit 1

# measure NAME DLL [env assignments...] -> prints "NAME ms rss_kb", one start: spawn, poll /healthz, idle, RSS, stop
measure() {
  local name=$1 dll=$2; shift 2
  local port; port=$(free_port)
  python3 - "$name" "$port" "$IDLE" "$(dirname "$dll")" "$OUT/$name.log" "$@" -- dotnet "$dll" <<'PY' &
import os, signal, socket, subprocess, sys, time
name, port, idle, cwd, logf = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
rest = sys.argv[6:]; cut = rest.index("--")
env = dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{port}", ASPNETCORE_ENVIRONMENT="Production")
env.update(a.split("=", 1) for a in rest[:cut])
log = open(logf, "a")
start = time.monotonic()
child = subprocess.Popen(rest[cut + 1:], cwd=cwd, env=env, stdout=log, stderr=log)
def stop(*_):
    if child.poll() is None:
        child.terminate()
        try: child.wait(15)
        except subprocess.TimeoutExpired: child.kill()
    sys.exit(1)
signal.signal(signal.SIGTERM, stop)
def healthy():
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False
while not healthy():
    if child.poll() is not None or time.monotonic() - start > 120:
        print(f"{name} did not become healthy; see {logf}", file=sys.stderr); stop()
    time.sleep(0.005)
ms = (time.monotonic() - start) * 1000
time.sleep(idle)
rss = next(int(l.split()[1]) for l in open(f"/proc/{child.pid}/status") if l.startswith("VmRSS:"))
print(f"{name} {ms:.0f} {rss}", flush=True)
child.terminate()
try: child.wait(15)
except subprocess.TimeoutExpired: child.kill()
PY
  local pid=$!; STARTED_PIDS+=("$pid"); wait "$pid"; local rc=$?; forget_pid "$pid"; return $rc
}

: >"$OUT/runs.txt"
if [ "$FRESH_DB" = 0 ]; then # one unrecorded start creates the database the recorded starts then open
  rm -rf "$OUT/product-data"; mkdir -p "$OUT/product-data"
  measure prepare "$PRODUCT_DIR/App.dll" ConnectionStrings__Default="Data Source=$OUT/product-data/existing.db" Admin__Email="$ADMIN_EMAIL" \
    Admin__Password="$ADMIN_PASSWORD" Admin__DataDirectory="$OUT/product-data" Logging__LogLevel__Default=Warning >/dev/null || exit 1
fi
for ((i = 1; i <= RUNS; i++)); do
  db="$OUT/product-data/run-$i.db"; [ "$FRESH_DB" = 1 ] || db="$OUT/product-data/existing.db"
  mkdir -p "$OUT/product-data"; [ "$FRESH_DB" = 1 ] && rm -f "$db"*
  measure product "$PRODUCT_DIR/App.dll" ConnectionStrings__Default="Data Source=$db" Admin__Email="$ADMIN_EMAIL" \
    Admin__Password="$ADMIN_PASSWORD" Admin__DataDirectory="$OUT/product-data" Logging__LogLevel__Default=Warning \
    | tee -a "$OUT/runs.txt" || exit 1
  measure template "$OUT/template/BareBlazor.dll" Logging__LogLevel__Default=Warning | tee -a "$OUT/runs.txt" || exit 1
done

python3 - "$OUT/runs.txt" "$RUNS" "$IDLE" "$FRESH_DB" <<'PY' | tee "$OUT/summary.md"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
get = lambda n, k: [int(r[k]) for r in rows if r[0] == n]
p, t = (statistics.median(get("product", 1)), statistics.median(get("product", 2))), (statistics.median(get("template", 1)), statistics.median(get("template", 2)))
db = "a fresh SQLite file per start" if sys.argv[4] == "1" else "one existing SQLite file"
print(f"| {sys.argv[2]} runs each, alternating | cold start to healthy /healthz, median ms (all runs) | idle RSS after {sys.argv[3]} s, median MB (all runs) |")
print("|---|---:|---:|")
for name, label, m in (("product", f"BlazorAuth, published ({db})", p), ("template", "bare `dotnet new blazor`, published", t)):
    print(f"| {label} | {m[0]:.0f} ({', '.join(map(str, get(name, 1)))}) | {m[1] / 1024:.0f} ({', '.join(f'{x / 1024:.0f}' for x in get(name, 2))}) |")
print(f"| ratio product / template | {p[0] / t[0]:.2f} | {p[1] / t[1]:.2f} |")
PY
log "results in $OUT (summary.md, runs.txt, logs)"
