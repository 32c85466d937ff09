#!/usr/bin/env bash
# Report latency on a large seeded database: `progress class` and `progress student`
# (median of 9 runs of the release binary, process start included) on SQLite and
# PostgreSQL, plus EXPLAIN ANALYZE of the class query on PostgreSQL to show index use.
# SCALE=35 gives about 1M assessments (≈ 30k per school); smaller scales run faster.
# Seeding 35 schools takes ~40 min per backend here: to measure again on databases seeded
# earlier, set PROG_SQLITE=/path/prog.db and PROG_PGHOST=/socket/dir (database "prog").
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${SCALE:-35}
bash scripts/install-deps.sh
source bench/build.sh
build_release readmaster
if [ -n "${PROG_SQLITE:-}" ] && [ -n "${PROG_PGHOST:-}" ]; then
  file=$PROG_SQLITE
  export PGHOST=$PROG_PGHOST PGUSER=postgres
else
  source scripts/pg-server.sh
  work=$(mktemp -d /tmp/readmaster-bench-progress.XXXXXX)
  trap 'rm -rf "$work"; pg_stop' EXIT
  file="$work/prog.db"
  psql -q -d postgres -c "CREATE DATABASE prog"
  for db in "sqlite:$file" "postgresql:///prog?host=$PGHOST&user=postgres"; do
    "$bin" --db "$db" migrate up -q >/dev/null
    "$bin" --db "$db" seed demo --scale "$scale" --seed 1 -q >/dev/null
  done
fi
pg="postgresql:///prog?host=$PGHOST&user=postgres"
lite="sqlite:$file"
assessments=$(sqlite3 "$file" "select count(*) from assessments")
class=$(sqlite3 "$file" "select name from classes order by name limit 1")
student=$(sqlite3 "$file" "select u.email from users u join class_enrollments e on e.student_id = u.id join classes c on c.id = e.class_id where c.name = '$class' limit 1")
median_ms() { # command...
  for i in $(seq 9); do
    s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
  done | sort -n | sed -n 5p
}
echo "progress reports on $assessments assessments (seed demo); median of 9 runs, process start included"
for db in "$lite" "$pg"; do
  name=$([ "$db" = "$lite" ] && echo SQLite || echo PostgreSQL)
  echo "$name: progress class $(median_ms "$bin" --db "$db" progress class "$class") ms, progress student $(median_ms "$bin" --db "$db" progress student "$student") ms, readmaster --version $(median_ms "$bin" --version) ms"
done
classid=$(psql -tA -d prog -c "select id from classes where name = '$class'")
echo "EXPLAIN ANALYZE of the class query on PostgreSQL:"
psql -d prog -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT a.student_id, a.assessment_date, r.wcpm, r.accuracy, r.comprehension
  FROM assessments a JOIN assessment_results r ON r.assessment_id = a.id
  WHERE a.status = 'completed' AND r.wcpm IS NOT NULL AND
  a.student_id IN (SELECT student_id FROM class_enrollments WHERE class_id = '$classid' AND status = 'active') ORDER BY a.assessment_date"
