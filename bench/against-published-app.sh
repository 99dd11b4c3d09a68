#!/usr/bin/env bash
# Runs a load mode of bench/BlazorAuth.Bench against a published BlazorAuth in its own process (Production, fresh
# SQLite file), on 127.0.0.1 only, bounded in count and time. Modes:
#   password-signin [--clients 8] [--seconds 20] [--hash-seconds 20]   sign-ins/s next to the hashing limit (~3 min);
#                                                                       the per-client limit is raised for it
#   rate-limits [--flood 300] [--spray 1000]                            what the default limits let through (~1 min)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode=${1:?usage: bench/against-published-app.sh password-signin|rate-limits [options]}
shift
case "$mode" in
    password-signin) signin_limit=1000000 ;;
    rate-limits) signin_limit=10 ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
esac

work=$(mktemp -d)
app_pid=""
cleanup() {
    if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
        kill -TERM "$app_pid"
        wait "$app_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

dotnet publish App -c Release -o "$work/app" --nologo -v q >&2
dotnet build bench/BlazorAuth.Bench -c Release --nologo -v q >&2
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
admin_password="Bench!Admin$RANDOM$RANDOM"
(
    cd "$work/app"
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Default="Data Source=$work/bench.db" \
    Admin__Email=bench-admin@bench.local Admin__Password="$admin_password" Admin__DataDirectory="$work" \
    RateLimiting__SignIn__PermitLimit="$signin_limit" Logging__LogLevel__Default=Warning \
    exec dotnet App.dll --urls "http://127.0.0.1:$port"
) >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
done
curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" || { cat "$work/app.log" >&2; exit 1; }

dotnet bench/BlazorAuth.Bench/bin/Release/net10.0/BlazorAuth.Bench.dll "$mode" \
    --base-url "http://127.0.0.1:$port/" --admin-email bench-admin@bench.local --admin-password "$admin_password" "$@"
