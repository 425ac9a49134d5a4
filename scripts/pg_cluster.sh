# Sourced by scripts/test.sh and scripts/pg_statements.sh: starts a throw-away PostgreSQL
# cluster in a temporary folder, on loopback only, stopped and deleted when the script exits.
# Needs $pg_bin (the server's bin folder); $port, if set, is the port to take. Sets tmp, port
# and run_pg. Arguments are extra server options (-c name=value …).
pg_cluster_start() {
  tmp=$(mktemp -d)
  # A free port, so that two runs (or a developer's own server) do not collide.
  if [ -z "${port:-}" ]; then
    port=$((20000 + $$ % 20000))
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  fi
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$tmp"; fi
  trap 'run_pg "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
  run_pg "$pg_bin/initdb" -D "$tmp/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  run_pg "$pg_bin/pg_ctl" -D "$tmp/data" -w -l "$tmp/pg.log" \
    -o "-k $tmp -c listen_addresses=127.0.0.1 -p $port -c fsync=off -c full_page_writes=off $*" start >/dev/null
}
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
