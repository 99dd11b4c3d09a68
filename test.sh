#!/usr/bin/env bash
# Builds BlazorAuth and runs every test project, unit to browser.
# Installs Debian's Chromium first when none is found, for the Playwright tests in App.E2E, and Debian's postgresql
# for the second pass: the database-touching integration tests again, on a private, throw-away PostgreSQL cluster
# (started here, stopped at the end by PID even when something failed; see POSTGRES_TESTS below), and Debian's nginx
# for the third pass: the cluster tests (scripts/cluster.sh: PostgreSQL, two published instances, nginx).
# Ends with one line "tests: N passed, M failed[, K skipped]"; exits non-zero when the build or any test failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf 'test.sh: %s\n' "$*" >&2; }

find_chromium() {
    if [[ -n "${BLAZORAUTH_CHROMIUM:-}" ]]; then
        if [[ -x "$BLAZORAUTH_CHROMIUM" ]]; then
            printf '%s\n' "$BLAZORAUTH_CHROMIUM"
            return 0
        fi
        log "BLAZORAUTH_CHROMIUM=$BLAZORAUTH_CHROMIUM is not an executable; looking elsewhere."
    fi
    if [[ -x /usr/bin/chromium ]]; then
        printf '%s\n' /usr/bin/chromium
        return 0
    fi
    command -v chromium 2>/dev/null
}

install_chromium() {
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        if ! command -v sudo >/dev/null 2>&1; then
            log "Chromium is missing and installing it needs root: run 'apt-get install -y chromium' as root, or set BLAZORAUTH_CHROMIUM."
            return 1
        fi
        sudo=(sudo)
    fi
    log "No Chromium found; installing Debian's chromium package."
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
}

# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
PG_LOG_NAME=test.sh
trap pg_stop EXIT
pg_ensure_installed
export PATH="$PATH:/usr/sbin"
if ! command -v nginx >/dev/null 2>&1; then
    log "No nginx found; installing Debian's nginx package (for the cluster tests)."
    nginx_sudo=()
    [[ "$(id -u)" -ne 0 ]] && nginx_sudo=(sudo)
    # Its own update: on a machine that already has PostgreSQL and Chromium nothing else fetched the package lists.
    "${nginx_sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${nginx_sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx
fi

chromium="$(find_chromium || true)"
if [[ -z "$chromium" ]]; then
    install_chromium
    chromium="$(find_chromium || true)"
    if [[ -z "$chromium" ]]; then
        log "Chromium was installed but is still not found at /usr/bin/chromium or on PATH."
        exit 1
    fi
fi
export BLAZORAUTH_CHROMIUM="$chromium"
log "Chromium: $BLAZORAUTH_CHROMIUM"

dotnet tool restore

if ! dotnet build BlazorAuth.sln -c Release; then
    log "The build failed; no tests were run."
    exit 1
fi

results="TestResults/test.sh"
rm -rf "$results" App.E2E/bin/Release/*/artifacts
mkdir -p "$results"

# The PostgreSQL pass: every test class of these features, whose tests all go through the app's stores (users,
# sessions, the replay record, bindings and the sign-up race, authenticators, plugins, the key ring), plus the classes
# tagged [Trait("Database", "PostgreSql")]. Left out: tests that read or break the SQLite file itself, and the test of
# the snapshot's poll timer, which on PostgreSQL is beaten by LISTEN/NOTIFY (the second instance already has the change).
POSTGRES_TESTS="(Database=PostgreSql|FullyQualifiedName~BlazorAuth.Tests.PostgreSql."
for feature in Users ExternalSignIn DingTalk Sessions Account Authenticators Plugins Passwords; do
    POSTGRES_TESTS+="|FullyQualifiedName~BlazorAuth.Tests.$feature."
done
POSTGRES_TESTS+=")&Database!=Cluster&FullyQualifiedName!~.On_SQLite_&FullyQualifiedName!~BlazorAuth.Tests.Authenticators.SecretTests."
POSTGRES_TESTS+="&FullyQualifiedName!~BlazorAuth.Tests.Authenticators.MultiInstanceTests.The_refresher_reloads_on_its_own_timer"
POSTGRES_TESTS+="&FullyQualifiedName!~BlazorAuth.Tests.Authenticators.SecretKeyRingTests.&FullyQualifiedName!~BlazorAuth.Tests.ExternalSignIn.BindingMigrationTests."
POSTGRES_TESTS+="&FullyQualifiedName!~BlazorAuth.Tests.Sessions.KeyRingTests."

status=0
dotnet test BlazorAuth.sln -c Release --no-build --filter "Database!=PostgreSql&Database!=Cluster" --logger trx --results-directory "$results" || status=$?

postgres_status=0
pg_start "$(mktemp -d /tmp/blazorauth-test-pg.XXXXXX)" || postgres_status=$?
if [[ "$postgres_status" -eq 0 ]]; then
    BLAZORAUTH_TEST_POSTGRES="$PG_CONNECTION" dotnet test App.Tests -c Release --no-build --filter "$POSTGRES_TESTS" \
        --logger "trx;LogFileName=postgresql.trx" --results-directory "$results" || postgres_status=$?
fi
pg_stop
if [[ "$postgres_status" -ne 0 ]]; then
    log "The PostgreSQL pass failed ($postgres_status)."
    status=$postgres_status
fi

# The cluster pass: App.Tests/PostgreSql/Cluster starts scripts/cluster.sh (PostgreSQL, two published instances,
# nginx, all stopped by PID) with the app published here, and tests what only several processes can show.
cluster_status=0
publish="$results/publish"
# From the build above: portable, not ReadyToRun (a ReadyToRun publish needs a runtime-specific build of its own).
if dotnet publish App -c Release --no-build -p:PublishReadyToRun=false -p:RuntimeIdentifier= -o "$publish" >"$results/publish.log" 2>&1; then
    BLAZORAUTH_CLUSTER_PUBLISH="$PWD/$publish" BLAZORAUTH_CLUSTER_FIGURES="$PWD/$results/cluster-figures.txt" \
        dotnet test App.Tests -c Release --no-build --filter "Database=Cluster" \
        --logger "trx;LogFileName=cluster.trx" --results-directory "$results" || cluster_status=$?
    # What the cluster tests measured (how soon a change on one instance reached the other), to quote.
    if [[ -f "$results/cluster-figures.txt" ]]; then
        while IFS= read -r figure; do log "cluster: $figure"; done <"$results/cluster-figures.txt"
    fi
else
    cat "$results/publish.log" >&2
    cluster_status=1
fi
rm -rf "$publish"
if [[ "$cluster_status" -ne 0 ]]; then
    log "The cluster pass failed ($cluster_status)."
    status=$cluster_status
fi

# Each test project writes its own .trx; its Counters element holds that project's totals.
counter() {
    local value
    value="$(sed -n "s/.*<Counters [^>]*\b$1=\"\([0-9]*\)\".*/\1/p" "$2" | head -n 1)"
    printf '%s\n' "${value:-0}"
}
passed=0 failed=0 skipped=0 reports=0
shopt -s nullglob
for trx in "$results"/*.trx; do
    reports=$((reports + 1))
    passed=$((passed + $(counter passed "$trx")))
    for outcome in failed error timeout aborted; do
        failed=$((failed + $(counter "$outcome" "$trx")))
    done
    # xunit's skipped tests count in total but not in executed.
    skipped=$((skipped + $(counter total "$trx") - $(counter executed "$trx")))
done

projects=0
while IFS= read -r project; do
    if grep -q '<IsTestProject>true</IsTestProject>' "${project//\\//}"; then
        projects=$((projects + 1))
    fi
done < <(sed -n 's/^Project("[^"]*") = "[^"]*", "\([^"]*\.csproj\)".*/\1/p' BlazorAuth.sln)

ok=1
if [[ "$status" -ne 0 ]]; then
    log "dotnet test exited with $status."
    ok=0
fi
if [[ "$reports" -lt "$projects" ]]; then
    log "Only $reports of $projects test projects reported results; a test host may have crashed."
    ok=0
fi
if [[ $((passed + failed)) -eq 0 ]]; then
    log "No test ran."
    ok=0
fi
if [[ "$failed" -gt 0 ]]; then
    ok=0
    artifacts=(App.E2E/bin/Release/*/artifacts/*)
    if [[ ${#artifacts[@]} -gt 0 ]]; then
        log "Browser screenshots and logs of failed E2E tests: ${artifacts[*]}"
    fi
fi

summary="tests: $passed passed, $failed failed"
if [[ "$skipped" -gt 0 ]]; then
    summary+=", $skipped skipped"
fi
printf '%s\n' "$summary"

[[ "$ok" -eq 1 ]]
