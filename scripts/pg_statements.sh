#!/usr/bin/env bash
# Counts the SQL statements a canbo command sends to PostgreSQL, by kind: on PostgreSQL each
# statement is a round trip, which is what made the administrative units' import slow there.
# Starts a throw-away cluster on loopback with pg_stat_statements (as scripts/test.sh starts its
# own), migrates a new database, then runs the command against it with the statistics reset.
# Default command: import admin-units. Needs root or the postgres user, like scripts/test.sh.
#   bash scripts/pg_statements.sh                      # the administrative units' import
#   bash scripts/pg_statements.sh seed --scale demo    # any canbo command taking --db
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- import admin-units

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=
. scripts/pg_cluster.sh
pg_cluster_start -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.max=10000

go build -o "$tmp/canbo" ./cmd/canbo
psql=("$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qAt -d postgres)
"${psql[@]}" -c "CREATE EXTENSION pg_stat_statements" -c "CREATE DATABASE counted"
dsn="postgres://postgres@127.0.0.1:$port/counted?sslmode=disable"
"$tmp/canbo" migrate --db "$dsn" >/dev/null
"${psql[@]}" -c "SELECT pg_stat_statements_reset()" >/dev/null
/usr/bin/time -f "%e s wall, %U s user, %S s system (the command; the server's time is apart)" "$tmp/canbo" "$@" --db "$dsn"
# Top-level statements only (pg_stat_statements.track=top): the foreign keys' checks are not
# round trips. Parameters show as ?, and an IN list of any length as IN (…).
"${psql[@]}" -F ' | ' <<'SQL'
WITH s AS (SELECT calls, total_exec_time AS ms,
    regexp_replace(regexp_replace(regexp_replace(query, '\s+', ' ', 'g'), '\$[0-9]+', '?', 'g'), 'IN \([?, ]+\)', 'IN (…)', 'g') AS q
  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'counted')
SELECT * FROM (SELECT SUM(calls) AS calls, ROUND(SUM(ms)) AS server_ms, 'all statements' AS statement FROM s) t
UNION ALL
SELECT * FROM (SELECT SUM(calls), ROUND(SUM(ms)), LEFT(q, 110) FROM s GROUP BY q ORDER BY 1 DESC LIMIT 20) k;
SQL
