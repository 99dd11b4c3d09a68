#!/usr/bin/env bash
# Password sign-ins per second at 8 concurrent clients against a published BlazorAuth in its own process (Production,
# fresh SQLite file, rate limit raised), next to the hashing limit measured in the same run. Loopback only, bounded.
# Usage: bench/password-signin.sh [--clients 8] [--seconds 20] [--hash-seconds 20]   (about 2 minutes)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

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
    RateLimiting__SignIn__PermitLimit=1000000 Logging__LogLevel__Default=Warning \
    exec dotnet App.dll --urls "http://127.0.0.1:$port"
) >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
done
curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" || { cat "$work/app.log" >&2; exit 1; }

dotnet bench/BlazorAuth.Bench/bin/Release/net10.0/BlazorAuth.Bench.dll password-signin \
    --base-url "http://127.0.0.1:$port/" --admin-email bench-admin@bench.local --admin-password "$admin_password" "$@"
