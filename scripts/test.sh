#!/usr/bin/env bash
# Runs canbo's whole test suite against real parts: SQLite, a throw-away PostgreSQL cluster on
# loopback, Debian's Chromium for the browser tests, poppler and LibreOffice for the documents.
# Installs what is missing (Debian packages, as root) and makes a missing PostgreSQL, Chromium,
# poppler or LibreOffice a failure, never a skip.
# Extra arguments go to `go test` (e.g. -run TestX ./web/).
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
need=()
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need+=(postgresql postgresql-contrib)
command -v chromium >/dev/null || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# The document checks: poppler reads the PDFs back (text and page images), LibreOffice opens
# the DOCX files as a user's office suite would.
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
# pg_auto_failover (a monitor, a primary and a secondary on loopback) for the fail-over test,
# built for the PostgreSQL major installed.
pg_major=$(basename "$(dirname "${pg_bin:-/usr/lib/postgresql/15/bin}")")
command -v pg_autoctl >/dev/null || need+=("postgresql-$pg_major-auto-failover" pg-auto-failover-cli)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "test.sh: need root to install ${need[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# A throw-away PostgreSQL cluster in a temporary folder, on loopback only.
port=${CANBO_TEST_PGPORT:-}
. scripts/pg_cluster.sh
pg_cluster_start -c max_connections=200

export CANBO_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
export CANBO_REQUIRE_POSTGRES=1
export CANBO_REQUIRE_CHROMIUM=1
export CANBO_REQUIRE_DOCTOOLS=1
export CANBO_CHROMIUM=$(command -v chromium)
export CANBO_TEST_PGBIN=$pg_bin
export CANBO_TEST_AUTOFAILOVER=1

go vet ./...
if [ $# -gt 0 ]; then
  go test -count=1 "$@"
else
  # go test starts packages in the order given, two at a time on two cores: the longest (web)
  # first, beside the store's; cmd/canbo, whose fault test's PostgreSQL restructuring
  # (≈ 170,000 statements; 69,000 since session 8) took 40–290 s from run to run, after them.
  # In path order web started last, alone.
  go test -count=1 -timeout 30m ./web/ ./sqlstore/ ./demo/ ./adminunits/ ./form2c/ ./...
fi
