#!/usr/bin/env bash
# A throwaway PostgreSQL server for hingecoach's store tests.
#
#   scripts/postgres.sh start    install (Debian package) if missing, init, start; prints the URL
#   scripts/postgres.sh url      prints the URL of the running server (exit 1 when stopped)
#   scripts/postgres.sh status   says whether it runs
#   scripts/postgres.sh stop     stops it (the data directory is kept; delete it to start afresh)
#
# Only the URL goes to stdout, so `export HINGECOACH_TEST_PG_URL=$(scripts/postgres.sh start)`
# works. Every step is idempotent: `start` on a running server just prints its URL.
#
# The cluster is our own (initdb into $HINGECOACH_PG_DIR), never the system's `main` cluster,
# listens on 127.0.0.1 only, on $HINGECOACH_PG_PORT (default 54329) or the next free port, and
# keeps its socket in its own directory so it needs no write access to /var/run/postgresql.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

PG_DIR="${HINGECOACH_PG_DIR:-/var/tmp/hingecoach-pg-$(id -un)}"
PORT_WANTED="${HINGECOACH_PG_PORT:-54329}"
DB_NAME=hingecoach
DB_USER=hingecoach
DB_PASS=hingecoach
DATA="$PG_DIR/data"
LOG="$PG_DIR/postgres.log"
PORT_FILE="$PG_DIR/port"

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bindir() {
    # Newest installed major version's binaries (initdb is not on PATH on Debian).
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; fi
}

install_pg() {
    [ -n "$(pg_bindir)" ] && return 0
    say "PostgreSQL not found; installing Debian's postgresql package"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install postgresql"
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! $sudo apt-get install -y postgresql >&2; then
        $sudo apt-get update >&2
        $sudo apt-get install -y postgresql >&2
    fi
    [ -n "$(pg_bindir)" ] || die "apt-get installed postgresql but no initdb under /usr/lib/postgresql"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() {
    local bin
    bin=$(pg_bindir)
    [ -n "$bin" ] && [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

url() { echo "postgresql://$DB_USER:$DB_PASS@127.0.0.1:$(cat "$PORT_FILE")/$DB_NAME"; }

init_cluster() {
    local bin=$1
    [ -f "$DATA/PG_VERSION" ] && return 0
    say "initialising a cluster in $DATA"
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; fi
    chmod 700 "$PG_DIR"
    # Trust on the private socket (only the owner can reach it); passwords over TCP.
    as_owner "$bin/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
}

pick_port() {
    local p=$PORT_WANTED
    while port_in_use "$p"; do
        p=$((p + 1))
        [ "$p" -gt $((PORT_WANTED + 50)) ] && die "no free port in $PORT_WANTED..$((PORT_WANTED + 50))"
    done
    echo "$p"
}

psql_admin() {
    as_owner "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$(cat "$PORT_FILE")" \
        -U postgres -d postgres "$@"
}

ensure_db() {
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
        # CREATEDB: the tests make a fresh database per test.
        psql_admin -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASS'"
    fi
    # The tests drop their databases WITH (FORCE): that must end an autovacuum worker that
    # happens to be in the database, which takes pg_signal_backend.
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = 'pg_signal_backend' AND u.rolname = '$DB_USER'")" ]; then
        psql_admin -c "GRANT pg_signal_backend TO $DB_USER"
    fi
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
        psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
    fi
}

start() {
    install_pg
    local bin
    bin=$(pg_bindir)
    init_cluster "$bin"
    if running; then ensure_db; url; return 0; fi
    local port
    port=$(pick_port)
    echo "$port" >"$PORT_FILE"
    chmod 644 "$PORT_FILE"
    say "starting PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port (log: $LOG)"
    touch "$LOG"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$LOG"; fi
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR" start >/dev/null \
        || { tail -n 20 "$LOG" >&2; die "the server did not start"; }
    ensure_db
    url
}

stop() {
    if running; then
        as_owner "$(pg_bindir)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        say "stopped"
    else
        say "not running"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) running || die "not running: scripts/postgres.sh start"; url ;;
    status) if running; then say "running: $(url)"; else say "not running"; exit 1; fi ;;
    *) die "usage: scripts/postgres.sh start|stop|url|status" ;;
esac
