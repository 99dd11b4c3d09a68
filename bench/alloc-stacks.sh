#!/usr/bin/env bash
# Issue 13: where a running process allocates. Collects dotnet-trace's gc-verbose profile from PID for a few seconds
# (one GCAllocationTick event per ~100 KB allocated, with its type and call stack) and prints two markdown tables:
# bytes by type, and by the first frame of each stack that matches FRAMES (bench/SignInLoad/AllocStacks). Run it
# beside bench/signin-load.sh while a measured window runs (the product's PID is in that script's log).
#   bench/alloc-stacks.sh --pid PID [--seconds 8] [--frames REGEX] [--top 40] [--out DIR]
#   e.g. --frames 'BlazorAuth|Microsoft.AspNetCore.Components|EntityFrameworkCore' for one level deeper than the app
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PID=""; SECONDS_=8; FRAMES="BlazorAuth"; TOP=40
OUT="${TMPDIR:-/tmp}/blazorauth-bench/alloc-stacks-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do case $1 in
  --pid) PID=$2; shift 2;; --seconds) SECONDS_=$2; shift 2;; --frames) FRAMES=$2; shift 2;; --top) TOP=$2; shift 2;;
  --out) OUT=$2; shift 2;;
  -h|--help) sed -n '2,7p' "$0"; exit 0;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
[[ $PID =~ ^[0-9]+$ ]] && [ -d "/proc/$PID" ] || { echo "--pid must name a running process" >&2; exit 2; }
[[ $SECONDS_ =~ ^[0-9]+$ ]] && [ "$SECONDS_" -ge 1 ] && [ "$SECONDS_" -le 60 ] || { echo "--seconds is 1 to 60" >&2; exit 2; }
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)

trace=$(diag_tool dotnet-trace) || { log "dotnet-trace could not be installed"; exit 1; }
log "building AllocStacks"
dotnet build "$BENCH_DIR/SignInLoad/AllocStacks/AllocStacks.csproj" -c Release -o "$OUT/build" --nologo -v q >&2 || exit 1
log "tracing PID $PID for $SECONDS_ s"
"$trace" collect -p "$PID" --profile gc-verbose --duration "00:00:00:$(printf %02d "$SECONDS_")" -o "$OUT/trace.nettrace" >"$OUT/trace.log" 2>&1 \
  || { log "dotnet-trace failed"; tail -5 "$OUT/trace.log" >&2; exit 1; }
dotnet "$OUT/build/AllocStacks.dll" "$OUT/trace.nettrace" "$FRAMES" "$TOP" | tee "$OUT/summary.md"
log "results in $OUT (summary.md, trace.nettrace)"
