# Sourced by test.sh and the benches: starts a throwaway PostgreSQL server in a temp
# directory (unix socket only, no TCP), exports READMASTER_TEST_PG with its URL, and
# stops it and deletes its files when the calling shell exits, whatever the exit status.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "pg-server: PostgreSQL server binaries not found (run scripts/install-deps.sh)" >&2; return 69; }
pg_dir=$(mktemp -d /tmp/readmaster-pg.XXXXXX)
chmod 755 "$pg_dir"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$pg_dir"; runuser -u postgres -- "$@"; else "$@"; fi
}
pg_stop() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap pg_stop EXIT
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres --no-sync -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; return 1; }
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-c listen_addresses='' -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$pg_dir/server.log" >&2; return 1; }
export READMASTER_TEST_PG="postgresql://postgres@/postgres?host=$pg_dir"
export PGHOST="$pg_dir" PGUSER=postgres
echo "pg-server: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $pg_dir" >&2
