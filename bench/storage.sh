#!/usr/bin/env bash
# Bulk-load benchmark: N narrow rows (default 1,000,000) through readmaster's storage
# layer against the native loaders (sqlite3 .import, psql \copy) on the same file, in
# one run. Prints seconds, rows/s and the ratio store/native for each backend.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
bash scripts/install-deps.sh
source scripts/pg-server.sh
source bench/build.sh
build_release readmaster-bench
work=$(mktemp -d /tmp/readmaster-bench.XXXXXX)
trap 'rm -rf "$work"; pg_stop' EXIT
"$bin" gen-narrow "$rows" "$work/narrow.csv"
ddl_sqlite="CREATE TABLE narrow (id BIGINT PRIMARY KEY, name TEXT NOT NULL, score REAL, created_at TEXT NOT NULL);"
ddl_pg="CREATE TABLE narrow (id BIGINT PRIMARY KEY, name TEXT NOT NULL, score REAL, created_at timestamptz NOT NULL);"
now() { date +%s.%N; }
report() { # label seconds
  awk -v l="$1" -v s="$2" -v n="$rows" 'BEGIN { printf "%-28s %8.3f s %12.0f rows/s\n", l, s, n / s }'
}

runs=${RUNS:-3}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
sqlite_native="" sqlite_store="" pg_native="" pg_store=""
# Alternate native and store loads and keep each one's best run: this machine is noisy.
for ((r = 1; r <= runs; r++)); do
  # SQLite: native .import (with the pragmas the store sets: WAL, synchronous=NORMAL) vs the store.
  rm -f "$work"/native.db* "$work"/store.db*
  sqlite3 "$work/native.db" "PRAGMA journal_mode=WAL;" "$ddl_sqlite" >/dev/null
  t0=$(now); sqlite3 "$work/native.db" "PRAGMA synchronous=NORMAL;" ".import --csv $work/narrow.csv narrow"; t1=$(now)
  sqlite_native=$(min "$(echo "$t1 - $t0" | bc)" "$sqlite_native")
  [ "$(sqlite3 "$work/native.db" 'select count(*) from narrow')" = "$rows" ] || { echo "sqlite3 .import lost rows" >&2; exit 1; }
  read -r n s < <("$bin" load-narrow "sqlite:$work/store.db" "$work/narrow.csv")
  [ "$n" = "$rows" ] || { echo "store loaded $n of $rows rows" >&2; exit 1; }
  sqlite_store=$(min "$s" "$sqlite_store")

  # PostgreSQL: psql \copy vs the store's COPY path, each into a fresh database.
  psql -q -d postgres -c "DROP DATABASE IF EXISTS bench_native" -c "DROP DATABASE IF EXISTS bench_store" \
    -c "CREATE DATABASE bench_native" -c "CREATE DATABASE bench_store"
  psql -q -d bench_native -c "$ddl_pg"
  t0=$(now); psql -q -d bench_native -c "\\copy narrow FROM '$work/narrow.csv' WITH (FORMAT csv)"; t1=$(now)
  pg_native=$(min "$(echo "$t1 - $t0" | bc)" "$pg_native")
  read -r n s < <("$bin" load-narrow "postgresql:///bench_store?host=$PGHOST&user=postgres" "$work/narrow.csv")
  [ "$n" = "$rows" ] || { echo "store loaded $n of $rows rows" >&2; exit 1; }
  pg_store=$(min "$s" "$pg_store")
done

echo "bulk load of $rows narrow rows (id, name, score, created_at), best of $runs alternating runs"
report "sqlite3 .import" "$sqlite_native"
report "readmaster store (SQLite)" "$sqlite_store"
report "psql \\copy" "$pg_native"
report "readmaster store (PostgreSQL)" "$pg_store"
awk -v a="$sqlite_store" -v b="$sqlite_native" -v c="$pg_store" -v d="$pg_native" \
  'BEGIN { printf "ratio store/native: SQLite %.2fx, PostgreSQL %.2fx (aim: <= 1.5x)\n", a / b, c / d }'
