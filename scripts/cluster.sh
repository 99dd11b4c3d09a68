#!/usr/bin/env bash
# Starts a BlazorAuth cluster on loopback: a private PostgreSQL, N published instances sharing it and a key ring
# protected by a generated certificate, nginx in front (/_blazor sticky, the rest round-robin), and a fake DingTalk
# (one more instance, on SQLite in Development, serving only its DingTalk sandbox). Stops everything it started,
# by PID, on Ctrl-C, on TERM, or when the command given after "--" ends.
#
#   scripts/cluster.sh [--instances N] [--publish DIR] [--port PORT] [--dingtalk URL] [--env-file FILE] [-- COMMAND...]
#
# --env-file FILE: once everything is up, write the CLUSTER_* variables there (for a test that started the script).
# --dingtalk URL: use that DingTalk (a fake of your own, e.g. the perf kit's) instead of starting the sandbox.
# CLUSTER_PUBLIC_BASE_URL: the instances' App:PublicBaseUrl (default nginx's address; empty: each request's own, for
# a client that talks to one instance directly). CLUSTER_PERMIT_LIMIT: the sign-in rate limits (default: none to speak of).
# Without a command it prints the URLs and waits. The command sees CLUSTER_URL, CLUSTER_INSTANCE_URLS,
# CLUSTER_INSTANCE_PIDS, CLUSTER_DINGTALK_URL, CLUSTER_POSTGRES, CLUSTER_DIR, CLUSTER_ADMIN_EMAIL/PASSWORD.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

instances=2 publish="" port=0 dingtalk="" env_file="" command=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --instances) instances="$2"; shift 2 ;;
        --publish) publish="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --dingtalk) dingtalk="${2%/}"; shift 2 ;;
        --env-file) env_file="$2"; shift 2 ;;
        --) shift; command=("$@"); break ;;
        *) echo "cluster.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

log() { printf 'cluster.sh: %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh
PG_LOG_NAME=cluster.sh
dir="$(mktemp -d /tmp/blazorauth-cluster.XXXXXX)"
chmod 755 "$dir"
pids=() nginx_pid=""
stop_all() {
    local pid
    if [[ -n "$nginx_pid" ]]; then kill -QUIT "$nginx_pid" 2>/dev/null || true; fi
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    pg_stop
    rm -rf "$dir"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

pg_ensure_installed
export PATH="$PATH:/usr/sbin"
if ! command -v nginx >/dev/null 2>&1; then
    log "No nginx found; installing Debian's nginx package."
    sudo=(); [[ "$(id -u)" -ne 0 ]] && sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx >/dev/null
fi

if [[ -z "$publish" ]]; then
    publish="$dir/app"
    log "Publishing the app to $publish"
    dotnet publish App -c Release -o "$publish" >"$dir/publish.log" 2>&1 || { cat "$dir/publish.log" >&2; exit 1; }
fi

# Commit timestamps: the cluster test measures how long a change committed on one instance takes to reach another.
PG_EXTRA_CONF="track_commit_timestamp = on" pg_start "$dir/pg" durable
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres blazorauth
database="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=blazorauth"

# The shared key ring: every instance reads and writes the keys in the database, encrypted with this certificate.
password="$(openssl rand -hex 16)"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/keyring.key" -out "$dir/keyring.crt" -days 30 -subj "/CN=BlazorAuth cluster key ring" 2>/dev/null
openssl pkcs12 -export -inkey "$dir/keyring.key" -in "$dir/keyring.crt" -out "$dir/keyring.pfx" -passout "pass:$password"

wait_healthy() {
    local url="$1" pid="$2"
    for _ in $(seq 1 600); do
        kill -0 "$pid" 2>/dev/null || { log "the process for $url exited; its log:"; cat "$3" >&2; return 1; }
        curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && return 0
        sleep 0.1
    done
    log "$url never became healthy"; return 1
}

admin_email="admin@cluster.test" admin_password="Cluster-Admin-Pa55!"
client_id="cluster-client" client_secret="cluster-secret"

[[ "$port" -eq 0 ]] && port="$(free_port)"

# The fake DingTalk: the app's own sandbox, which exists only in Development. It accepts the callback of an
# authenticator named "cluster" on nginx's address (add one with client cluster-client / cluster-secret).
if [[ -z "$dingtalk" ]]; then
    fake_port="$(free_port)"
    mkdir -p "$dir/fake"
    ( cd "$publish" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$fake_port" \
        ConnectionStrings__Default="Data Source=$dir/fake/fake.db" Admin__DataDirectory="$dir/fake" \
        Admin__Email="fake@cluster.test" Admin__Password="$admin_password" \
        DingTalk__Sandbox__Enabled=true DingTalk__Sandbox__Apps__0__ClientId="$client_id" DingTalk__Sandbox__Apps__0__ClientSecret="$client_secret" \
        DingTalk__Sandbox__Apps__0__RedirectUris__0="http://127.0.0.1:$port/auth/dingtalk/cluster/callback" \
        dotnet App.dll ) >"$dir/fake/log" 2>&1 &
    pids+=($!)
    wait_healthy "http://127.0.0.1:$fake_port" "${pids[-1]}" "$dir/fake/log"
    dingtalk="http://127.0.0.1:$fake_port/_sandbox/dingtalk"
fi

urls=() instance_pids=()
for i in $(seq 1 "$instances"); do
    p="$(free_port)"
    mkdir -p "$dir/instance-$i"
    ( cd "$publish" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$p" \
        Database__Provider=PostgreSql ConnectionStrings__Default="$database" \
        DataProtection__Certificate__Path="$dir/keyring.pfx" DataProtection__Certificate__Password="$password" \
        Admin__Email="$admin_email" Admin__Password="$admin_password" Admin__DataDirectory="$dir/instance-$i" \
        DingTalk__LoginBaseUrl="$dingtalk" DingTalk__ApiBaseUrl="$dingtalk" App__PublicBaseUrl="${CLUSTER_PUBLIC_BASE_URL-http://127.0.0.1:$port/}" \
        RateLimiting__SignIn__PermitLimit="${CLUSTER_PERMIT_LIMIT:-100000000}" \
        RateLimiting__ExternalSignIn__PermitLimit="${CLUSTER_PERMIT_LIMIT:-100000000}" \
        dotnet App.dll ) >"$dir/instance-$i/log" 2>&1 &
    pids+=($!) instance_pids+=($!)
    urls+=("http://127.0.0.1:$p")
    # One at a time: the first one migrates the database.
    wait_healthy "http://127.0.0.1:$p" "${pids[-1]}" "$dir/instance-$i/log"
done

servers=""
for url in "${urls[@]}"; do servers+="        server ${url#http://} max_fails=1 fail_timeout=2s;"$'\n'; done
mkdir -p "$dir/nginx-tmp"
python3 - "$root/scripts/nginx-cluster.conf.template" "$dir/nginx.conf" "$dir" "$port" "$servers" <<'PY'
import sys
src, dst, d, port, servers = sys.argv[1:]
open(dst, 'w').write(open(src).read().replace('@DIR@', d).replace('@PORT@', port).replace('@SERVERS@\n', servers))
PY
nginx -c "$dir/nginx.conf" -p "$dir" -g 'daemon off;' >"$dir/nginx.log" 2>&1 &
nginx_pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.1; done

export CLUSTER_URL="http://127.0.0.1:$port" CLUSTER_DIR="$dir" CLUSTER_POSTGRES="$database" CLUSTER_DINGTALK_URL="$dingtalk"
export CLUSTER_INSTANCE_URLS="${urls[*]}" CLUSTER_INSTANCE_PIDS="${instance_pids[*]}"
export CLUSTER_ADMIN_EMAIL="$admin_email" CLUSTER_ADMIN_PASSWORD="$admin_password"
export CLUSTER_DINGTALK_CLIENT_ID="$client_id" CLUSTER_DINGTALK_CLIENT_SECRET="$client_secret"
if [[ -n "$env_file" ]]; then
    env | grep '^CLUSTER_' >"$env_file.tmp" && mv "$env_file.tmp" "$env_file"
fi
log "nginx $CLUSTER_URL → ${urls[*]} (PIDs ${instance_pids[*]}); fake DingTalk $dingtalk; PostgreSQL $PG_PORT; files $dir"
if [[ ${#command[@]} -gt 0 ]]; then
    "${command[@]}"
else
    log "Ctrl-C stops everything."
    while kill -0 "$nginx_pid" 2>/dev/null; do sleep 1; done
fi
