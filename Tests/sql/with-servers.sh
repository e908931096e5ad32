#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster and DuckDB available to the SQL tests:
#   Tests/sql/with-servers.sh swift test
# PostgreSQL comes from Debian's packages (installed when missing); the cluster lives in a
# temporary folder, listens only on a Unix socket there, and is stopped and removed when the
# command ends, however it ends. DuckDB is the `duckdb` package from PyPI in .venv-sql.
# The tests find both through KPIQL_PGHOST / KPIQL_PGUSER / KPIQL_DUCKDB_PYTHON, and
# KPIQL_REQUIRE_SQL=1 makes them fail rather than skip if either is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pgbin)" ] || [ ! -x "$(pgbin)/initdb" ] || ! command -v psql >/dev/null 2>&1; then
    echo "installing postgresql (Debian packages)" >&2
    $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev >/dev/null
fi
BIN="$(pgbin)"

if [ ! -x "$ROOT/.venv-sql/bin/python" ] || ! "$ROOT/.venv-sql/bin/python" -c 'import duckdb' 2>/dev/null; then
    if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    fi
    echo "installing duckdb from PyPI into .venv-sql" >&2
    python3 -m venv "$ROOT/.venv-sql"
    "$ROOT/.venv-sql/bin/pip" install -q "duckdb==$(cat "$ROOT/Tests/sql/duckdb-version")"
fi

DIR="$(mktemp -d /tmp/kpiql-pg.XXXXXX)"
# initdb refuses to run as root: the cluster belongs to the postgres user then.
if [ "$(id -u)" = 0 ]; then
    chown postgres "$DIR"
    AS=(runuser -u postgres --)
    PGUSER_NAME=postgres
else
    AS=()
    PGUSER_NAME="$(id -un)"
fi
stop() {
    "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT INT TERM
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U "$PGUSER_NAME" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-c listen_addresses='' -k $DIR -c fsync=off -c full_page_writes=off" start >/dev/null

export KPIQL_PGHOST="$DIR" KPIQL_PGUSER="$PGUSER_NAME" KPIQL_DUCKDB_PYTHON="$ROOT/.venv-sql/bin/python" KPIQL_REQUIRE_SQL=1
"$@"
