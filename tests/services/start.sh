#!/usr/bin/env bash
# Starts the services the integration tests need, on 127.0.0.1 only, and writes how to reach them
# to tests/services/.env (KEY=VALUE lines; test.sh exports them, tests also read the file).
# Idempotent and shared between work trees: a service that already answers is reused, and a lock
# keeps two concurrent runs from starting the same one twice. Installs missing Debian packages
# (needs root; CI runs as root).
#
#   PostgreSQL  own cluster in $INFRADEDUP_SERVICES_DIR/pg, port 54329, superuser infradedup/infradedup
#               -> INFRADEDUP_TEST_PG_URL=postgresql://infradedup:infradedup@127.0.0.1:54329/postgres
#   Redis       port 63790, no persistence of its own
#               -> INFRADEDUP_TEST_REDIS_URL=redis://127.0.0.1:63790
#   Docker      see docker.sh -> INFRADEDUP_TEST_DOCKER_HOST, INFRADEDUP_TEST_BUSYBOX_IMAGE
#   Chromium    see chromium.sh (headless, for the HTML report test) -> INFRADEDUP_TEST_CHROMIUM
#
# Arguments name a subset (postgres redis docker chromium); default all. A service that cannot be started is
# left out of .env (its tests then skip) and reported; with INFRADEDUP_REQUIRE_SERVICES=1 the script
# exits 1 instead. Data and logs live in $INFRADEDUP_SERVICES_DIR (default /tmp/infradedup-services).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${INFRADEDUP_SERVICES_DIR:=/tmp/infradedup-services}"
export INFRADEDUP_SERVICES_DIR
mkdir -p "$INFRADEDUP_SERVICES_DIR"
# shellcheck source=docker.sh
. "$here/docker.sh"
# shellcheck source=chromium.sh
. "$here/chromium.sh"

PG_PORT=54329
REDIS_PORT=63790
env_file="$here/.env"
failed=()

start_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
        _idd_log "installing postgresql"; _idd_apt postgresql || return 1
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    local data="$INFRADEDUP_SERVICES_DIR/pg"
    local run_as=()
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir "$data" postgres
        run_as=(runuser -u postgres --)
    fi
    if "$bin/pg_isready" -q -h 127.0.0.1 -p $PG_PORT; then
        return 0
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        rm -rf "$data"; mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown postgres: "$data"
        local pw="$INFRADEDUP_SERVICES_DIR/.pgpass-init"
        echo infradedup >"$pw"; [ "$(id -u)" = 0 ] && chown postgres: "$pw"
        "${run_as[@]}" "$bin/initdb" -D "$data" -U infradedup --pwfile="$pw" --auth-local=trust \
            --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$INFRADEDUP_SERVICES_DIR/initdb.log" 2>&1 \
            || { _idd_log "initdb failed (see $INFRADEDUP_SERVICES_DIR/initdb.log)"; rm -f "$pw"; return 1; }
        rm -f "$pw"
    fi
    local logdir="$INFRADEDUP_SERVICES_DIR/pglog"
    mkdir -p "$logdir"; [ "$(id -u)" = 0 ] && chown postgres: "$logdir"
    "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$logdir/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $data -c fsync=off" start >/dev/null 9>&- \
        || { _idd_log "postgres did not start (see $logdir/postgres.log)"; return 1; }
    "$bin/pg_isready" -q -h 127.0.0.1 -p $PG_PORT -t 30
}

start_redis() {
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        _idd_log "installing redis-server"; _idd_apt redis-server redis-tools || return 1
    fi
    if [ "$(redis-cli -h 127.0.0.1 -p $REDIS_PORT ping 2>/dev/null)" = PONG ]; then
        return 0
    fi
    mkdir -p "$INFRADEDUP_SERVICES_DIR/redis"
    redis-server --bind 127.0.0.1 --port $REDIS_PORT --daemonize yes --save '' --appendonly no \
        --dir "$INFRADEDUP_SERVICES_DIR/redis" --logfile "$INFRADEDUP_SERVICES_DIR/redis.log" \
        --pidfile "$INFRADEDUP_SERVICES_DIR/redis.pid" >/dev/null 9>&- \
        || { _idd_log "redis-server did not start (see $INFRADEDUP_SERVICES_DIR/redis.log)"; return 1; }
    local i
    for i in $(seq 1 30); do
        [ "$(redis-cli -h 127.0.0.1 -p $REDIS_PORT ping 2>/dev/null)" = PONG ] && return 0
        sleep 0.5
    done
    _idd_log "redis did not answer on 127.0.0.1:$REDIS_PORT"; return 1
}

services=("$@")
[ ${#services[@]} = 0 ] && services=(postgres redis docker chromium)
started=$(date +%s)
# The daemons started below must not inherit fd 9, or they would hold the lock forever (9>&-).
exec 9>"$INFRADEDUP_SERVICES_DIR/.lock"
flock -w 600 9 || _idd_log "could not take $INFRADEDUP_SERVICES_DIR/.lock; going on without it"

tmp_env=$(mktemp)
echo "# written by tests/services/start.sh at $(date -u +%FT%TZ); not committed" >"$tmp_env"
for service in "${services[@]}"; do
    case "$service" in
        postgres)
            if start_postgres; then
                echo "INFRADEDUP_TEST_PG_URL=postgresql://infradedup:infradedup@127.0.0.1:$PG_PORT/postgres" >>"$tmp_env"
            else failed+=(postgres); fi ;;
        redis)
            if start_redis; then
                echo "INFRADEDUP_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT" >>"$tmp_env"
            else failed+=(redis); fi ;;
        docker)
            if infradedup_docker_start && infradedup_busybox_image; then
                echo "INFRADEDUP_TEST_DOCKER_HOST=$INFRADEDUP_TEST_DOCKER_HOST" >>"$tmp_env"
                echo "INFRADEDUP_TEST_BUSYBOX_IMAGE=$INFRADEDUP_TEST_BUSYBOX_IMAGE" >>"$tmp_env"
            else failed+=(docker); fi ;;
        chromium)
            if infradedup_chromium_start; then
                echo "INFRADEDUP_TEST_CHROMIUM=$INFRADEDUP_TEST_CHROMIUM" >>"$tmp_env"
            else failed+=(chromium); fi ;;
        *) _idd_log "unknown service '$service' (known: postgres redis docker chromium)"; failed+=("$service") ;;
    esac
done
mv "$tmp_env" "$env_file"
_idd_log "ready in $(( $(date +%s) - started )) s: $(grep -c '^INFRADEDUP' "$env_file") settings in $env_file"
if [ ${#failed[@]} -gt 0 ]; then
    if [ "${INFRADEDUP_REQUIRE_SERVICES:-}" = 1 ]; then
        _idd_log "FAILED to start: ${failed[*]} (INFRADEDUP_REQUIRE_SERVICES=1)"
        exit 1
    fi
    _idd_log "not started: ${failed[*]}; their tests will be skipped"
fi
exit 0
