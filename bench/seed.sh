#!/usr/bin/env bash
# Seed speed, in one run: `seed demo --scale 1` on SQLite and on PostgreSQL (rows and
# rows/s), next to `pgbench -i` on the same server as the reference for bulk loading.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
bash scripts/install-deps.sh
source scripts/pg-server.sh
source bench/build.sh
build_release readmaster
work=$(mktemp -d /tmp/readmaster-bench-seed.XXXXXX)
trap 'rm -rf "$work"; pg_stop' EXIT
now() { date +%s.%N; }

"$bin" --db "sqlite:$work/seed.db" migrate up -q >/dev/null
t0=$(now); "$bin" --db "sqlite:$work/seed.db" seed demo --scale "$scale" --seed 1 --format tsv -q > "$work/sqlite.tsv"; t1=$(now)
s_sqlite=$(echo "$t1 - $t0" | bc); n_sqlite=$(awk 'NR > 1 { s += $2 } END { print s }' "$work/sqlite.tsv")

psql -q -d postgres -c "CREATE DATABASE seed" -c "CREATE DATABASE pgb"
"$bin" --db "postgresql:///seed?host=$PGHOST&user=postgres" migrate up -q >/dev/null
t0=$(now); "$bin" --db "postgresql:///seed?host=$PGHOST&user=postgres" seed demo --scale "$scale" --seed 1 --format tsv -q > "$work/pg.tsv"; t1=$(now)
s_pg=$(echo "$t1 - $t0" | bc); n_pg=$(awk 'NR > 1 { s += $2 } END { print s }' "$work/pg.tsv")

# pgbench -i at a scale with about as many rows (100,000 pgbench_accounts rows per unit).
pgscale=$(( (n_pg + 99999) / 100000 ))
t0=$(now); pgbench -i -q -s "$pgscale" pgb >/dev/null 2>&1; t1=$(now)
s_pgb=$(echo "$t1 - $t0" | bc); n_pgb=$(( pgscale * 100000 + pgscale * 10 + pgscale ))

awk -v a="$s_sqlite" -v na="$n_sqlite" -v b="$s_pg" -v nb="$n_pg" -v c="$s_pgb" -v nc="$n_pgb" -v sc="$scale" 'BEGIN {
  printf "seed demo --scale %d\n", sc
  printf "%-36s %9d rows %7.2f s %10.0f rows/s\n", "readmaster seed (SQLite)", na, a, na / a
  printf "%-36s %9d rows %7.2f s %10.0f rows/s\n", "readmaster seed (PostgreSQL)", nb, b, nb / b
  printf "%-36s %9d rows %7.2f s %10.0f rows/s\n", "pgbench -i (same server)", nc, c, nc / c
  printf "PostgreSQL seed rows/s relative to pgbench -i: %.2f\n", (nb / b) / (nc / c) }'
