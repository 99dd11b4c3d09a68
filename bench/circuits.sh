#!/usr/bin/env bash
# Issue 13, goal 5: the managed heap after a full GC with N console circuits open on /admin/authenticators
# (default 50) against 0, per circuit, and a dotnet-gcdump breakdown of what grew. The published product runs in
# Production on a fresh SQLite file, 127.0.0.1 only; Chromium (Debian's) holds the circuits open, signed in as the
# administrator. Prints a markdown section; the two .gcdump files and their reports stay in the output folder.
#   bench/circuits.sh [--circuits 50] [--product-dir PUBLISHED_DIR] [--out DIR] [--chromium /usr/bin/chromium]
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CIRCUITS=50; PRODUCT_DIR=""; CHROMIUM="${BLAZORAUTH_CHROMIUM:-/usr/bin/chromium}"
OUT="${TMPDIR:-/tmp}/blazorauth-bench/circuits-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do case $1 in
  --circuits) CIRCUITS=$2; shift 2;; --product-dir) PRODUCT_DIR=$2; shift 2;; --out) OUT=$2; shift 2;;
  --chromium) CHROMIUM=$2; shift 2;;
  -h|--help) sed -n '2,7p' "$0"; exit 0;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
[ -x "$CHROMIUM" ] || { log "no Chromium at $CHROMIUM (apt-get install -y chromium, or --chromium PATH)"; exit 1; }
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
trap stop_all EXIT
trap 'exit 130' INT TERM

gcdump=$(diag_tool dotnet-gcdump) || { log "could not install dotnet-gcdump"; exit 1; }
counters=$(diag_tool dotnet-counters) || counters=""
gcdump_dll=$(find "$BENCH_TOOLS/.store/dotnet-gcdump" -name dotnet-gcdump.dll -path '*/tools/*' | head -1)
[ -n "$gcdump_dll" ] || { log "no dotnet-gcdump.dll under $BENCH_TOOLS/.store"; exit 1; }
log "building bench/Circuits"
dotnet build "$BENCH_DIR/Circuits/Circuits.csproj" -c Release -o "$OUT/build" -p:GcDumpToolDir="$(dirname "$gcdump_dll")" --nologo -v q >&2 || exit 1
if [ -z "$PRODUCT_DIR" ]; then PRODUCT_DIR="$OUT/product"; publish_product "$PRODUCT_DIR" || exit 1; fi
PRODUCT_DIR=$(abs_dir "$PRODUCT_DIR") || exit 1
[ -f "$PRODUCT_DIR/App.dll" ] || { log "no App.dll in $PRODUCT_DIR"; exit 1; }

start_product "$OUT" "$PRODUCT_DIR/App.dll"
wait_http "$PRODUCT_URL/healthz" 120 || { log "the product did not answer /healthz"; tail -30 "$OUT/product.log" >&2; exit 1; }
log "product $PRODUCT_URL (PID $PRODUCT_PID)"

dotnet "$OUT/build/Circuits.dll" --base "$PRODUCT_URL" --pid "$PRODUCT_PID" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" \
  --circuits "$CIRCUITS" --chromium "$CHROMIUM" --gcdump "$gcdump" ${counters:+--counters "$counters"} --out "$OUT" | tee "$OUT/summary.md"
status=${PIPESTATUS[0]}
log "results in $OUT (summary.md, circuits-*.gcdump and their reports)"
exit "$status"
