# shellcheck shell=bash
# A private, throw-away PostgreSQL cluster on 127.0.0.1, for test.sh and cluster.sh. Source this file, then:
#   pg_ensure_installed                 installs Debian's postgresql when its binaries are missing
#   pg_start DIR [durable]              initdb in DIR and start; sets PG_PORT, PG_PID, PG_CONNECTION
#   pg_stop                             stops the server started by pg_start (by PID) and deletes DIR
# Without "durable" the cluster runs with fsync off: a test database need not survive a power cut.
# PG_EXTRA_CONF, when set, is appended to postgresql.conf (lines of "name = value").

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR="" PG_PORT="" PG_PID="" PG_CONNECTION=""

pg_log() { printf '%s: %s\n' "${PG_LOG_NAME:-postgres}" "$*" >&2; }

pg_ensure_installed() {
    if [[ -x "$PG_BIN/initdb" ]]; then
        return 0
    fi
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$found" && -x "$found/initdb" ]]; then
        PG_BIN="$found"
        return 0
    fi
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || { pg_log "PostgreSQL is missing and installing it needs root: apt-get install -y postgresql"; return 1; }
        sudo=(sudo)
    fi
    pg_log "No PostgreSQL found; installing Debian's postgresql package."
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [[ -n "$found" && -x "$found/initdb" ]] || { pg_log "postgresql was installed but initdb is still missing."; return 1; }
    PG_BIN="$found"
}

# initdb refuses to run as root: as root the cluster belongs to the postgres user.
pg_as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    PG_DIR="$1"
    local durable="${2:-}"
    mkdir -p "$PG_DIR"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown postgres: "$PG_DIR"
    fi
    chmod 700 "$PG_DIR"
    pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = '$PG_DIR'"
        echo "max_connections = 400"
        echo "shared_buffers = 64MB"
        if [[ "$durable" != durable ]]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
        if [[ -n "${PG_EXTRA_CONF:-}" ]]; then
            printf '%s\n' "$PG_EXTRA_CONF"
        fi
    } | pg_as_owner tee -a "$PG_DIR/data/postgresql.conf" >/dev/null
    local attempt
    for attempt in 1 2 3 4 5 6 7 8; do
        PG_PORT=$((20000 + RANDOM % 20000))
        if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -o "-p $PG_PORT" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null 2>&1; then
            PG_PID="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
            PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
            pg_log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (PID $PG_PID, $PG_DIR)"
            return 0
        fi
    done
    pg_log "PostgreSQL did not start; its log:"
    cat "$PG_DIR/server.log" >&2 || true
    return 1
}

pg_stop() {
    if [[ -n "$PG_PID" ]] && kill -0 "$PG_PID" 2>/dev/null; then
        # SIGINT is PostgreSQL's fast shutdown: clients are disconnected, nothing waits for them.
        kill -INT "$PG_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 100); do
            kill -0 "$PG_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$PG_PID" 2>/dev/null; then
            kill -KILL "$PG_PID" 2>/dev/null || true
        fi
    fi
    PG_PID=""
    if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
        rm -rf "$PG_DIR"
    fi
    PG_DIR=""
}
