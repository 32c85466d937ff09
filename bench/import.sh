#!/usr/bin/env bash
# Import benchmark, in one run: 100k users (no passwords) and 10k passages through
# `readmaster user import` / `reading import` on SQLite and PostgreSQL, against
# `sqlite3 .import` and `psql \copy` of the same files into bare tables of the same
# columns; users per second with argon2id passwords on every core; and the peak memory
# of a 1M-row user import (flat memory means the import streams).
set -euo pipefail
cd "$(dirname "$0")/.."
users=${USERS:-100000}
passages=${PASSAGES:-10000}
hashed=${HASHED:-400}
big=${BIG:-1000000}
bash scripts/install-deps.sh
source scripts/pg-server.sh
source bench/build.sh
build_release readmaster
work=$(mktemp -d /tmp/readmaster-bench-import.XXXXXX)
trap 'rm -rf "$work"; pg_stop' EXIT

python3 - "$work" "$users" "$passages" "$hashed" "$big" <<'PY'
import sys, random
work, n_users, n_passages, n_hashed, n_big = sys.argv[1], *map(int, sys.argv[2:])
rng = random.Random(7)
first = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "June", "Kai", "Lea", "Max", "Nia", "Oto", "Pia"]
last = ["Lima", "Reed", "Stone", "Okafor", "Silva", "Kowalski", "Nguyen", "Haddad", "Moreau", "Tanaka", "Ortiz", "Berg"]
def users(path, n, passwords=False):
    with open(path, "w") as f:
        f.write("email,first_name,last_name,role,grade_level,preferred_language" + (",password" if passwords else "") + "\n")
        for i in range(n):
            role = "student" if i % 25 else "teacher"
            grade = str(1 + i % 6) if role == "student" else ""
            f.write(f"user{i}@school{i % 97}.org,{rng.choice(first)},{rng.choice(last)},{role},{grade},en" + (f",pass-{i:08d}" if passwords else "") + "\n")
users(f"{work}/users.csv", n_users)
users(f"{work}/users-big.csv", n_big)
users(f"{work}/users-hashed.csv", n_hashed, passwords=True)
words = "the a small dog cat ran jumped over under river hill tree bird sang morning evening quiet loud friend house garden window light rain sun".split()
with open(f"{work}/passages.csv", "w") as f:
    f.write("title,content,language,difficulty,grade_level\n")
    for i in range(n_passages):
        sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 12))).capitalize() + "." for _ in range(15)]
        f.write(f"Passage {i},\"{' '.join(sentences)}\",en,{['easy', 'medium', 'hard'][i % 3]},{1 + i % 6}\n")
PY

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
line() { awk -v l="$1" -v s="$2" -v n="$3" 'BEGIN { printf "%-44s %8.2f s %10.0f rows/s\n", l, s, n / s }'; }
csvcols_users="email, first_name, last_name, role, grade_level, preferred_language"
csvcols_passages="title, content, language, difficulty, grade_level"

# SQLite: readmaster imports into the migrated schema; sqlite3 .import into bare tables.
"$bin" --db "sqlite:$work/rm.db" migrate up -q >/dev/null
t0=$(now); "$bin" --db "sqlite:$work/rm.db" user import "$work/users.csv" -q >/dev/null; t1=$(now); s_rm_users=$(elapsed "$t0" "$t1")
t0=$(now); "$bin" --db "sqlite:$work/rm.db" reading import "$work/passages.csv" -q >/dev/null; t1=$(now); s_rm_passages=$(elapsed "$t0" "$t1")
sqlite3 "$work/raw.db" "PRAGMA journal_mode=WAL;" "CREATE TABLE users_raw (email TEXT, first_name TEXT, last_name TEXT, role TEXT, grade_level INTEGER, preferred_language TEXT);" \
  "CREATE TABLE passages_raw (title TEXT, content TEXT, language TEXT, difficulty TEXT, grade_level INTEGER);" >/dev/null
t0=$(now); sqlite3 "$work/raw.db" ".import --csv --skip 1 $work/users.csv users_raw"; t1=$(now); s_raw_users=$(elapsed "$t0" "$t1")
t0=$(now); sqlite3 "$work/raw.db" ".import --csv --skip 1 $work/passages.csv passages_raw"; t1=$(now); s_raw_passages=$(elapsed "$t0" "$t1")
# The same rows into readmaster's own tables (all their indexes) by plain SQL, the way a
# DBA would: .import into a scratch table, then INSERT … SELECT.
"$bin" --db "sqlite:$work/sql.db" migrate up -q >/dev/null
t0=$(now)
sqlite3 "$work/sql.db" "CREATE TEMP TABLE r (email, first_name, last_name, role, grade_level, preferred_language);"   ".import --csv --skip 1 $work/users.csv r"   "INSERT INTO users (email, first_name, last_name, role, grade_level, preferred_language) SELECT email, first_name, last_name, role, nullif(grade_level, ''), preferred_language FROM r;"
t1=$(now); s_sql_users=$(elapsed "$t0" "$t1")
t0=$(now)
sqlite3 "$work/sql.db" "CREATE TEMP TABLE r (title, content, language, difficulty, grade_level);"   ".import --csv --skip 1 $work/passages.csv r"   "INSERT INTO readings (title, content, language, difficulty, grade_level) SELECT title, content, language, difficulty, grade_level FROM r;"
t1=$(now); s_sql_passages=$(elapsed "$t0" "$t1")

# PostgreSQL.
psql -q -d postgres -c "CREATE DATABASE rm" -c "CREATE DATABASE raw"
pg="postgresql:///rm?host=$PGHOST&user=postgres"
"$bin" --db "$pg" migrate up -q >/dev/null
t0=$(now); "$bin" --db "$pg" user import "$work/users.csv" -q >/dev/null; t1=$(now); p_rm_users=$(elapsed "$t0" "$t1")
t0=$(now); "$bin" --db "$pg" reading import "$work/passages.csv" -q >/dev/null; t1=$(now); p_rm_passages=$(elapsed "$t0" "$t1")
psql -q -d raw -c "CREATE TABLE users_raw (email text, first_name text, last_name text, role text, grade_level integer, preferred_language text)" \
  -c "CREATE TABLE passages_raw (title text, content text, language text, difficulty text, grade_level integer)"
t0=$(now); psql -q -d raw -c "\\copy users_raw ($csvcols_users) FROM '$work/users.csv' WITH (FORMAT csv, HEADER true)"; t1=$(now); p_raw_users=$(elapsed "$t0" "$t1")
t0=$(now); psql -q -d raw -c "\\copy passages_raw ($csvcols_passages) FROM '$work/passages.csv' WITH (FORMAT csv, HEADER true)"; t1=$(now); p_raw_passages=$(elapsed "$t0" "$t1")
psql -q -d postgres -c "CREATE DATABASE viasql"
"$bin" --db "postgresql:///viasql?host=$PGHOST&user=postgres" migrate up -q >/dev/null
t0=$(now)
psql -q -d viasql -c "CREATE TEMP TABLE r (email text, first_name text, last_name text, role text, grade_level text, preferred_language text)" \
  -c "\\copy r FROM '$work/users.csv' WITH (FORMAT csv, HEADER true)" \
  -c "INSERT INTO users (email, first_name, last_name, role, grade_level, preferred_language) SELECT email, first_name, last_name, role::user_role, nullif(grade_level, '')::int, preferred_language FROM r"
t1=$(now); p_sql_users=$(elapsed "$t0" "$t1")
t0=$(now)
psql -q -d viasql -c "CREATE TEMP TABLE r (title text, content text, language text, difficulty text, grade_level int)" \
  -c "\\copy r FROM '$work/passages.csv' WITH (FORMAT csv, HEADER true)" \
  -c "INSERT INTO readings (title, content, language, difficulty, grade_level) SELECT title, content, language, difficulty::difficulty_level, grade_level FROM r"
t1=$(now); p_sql_passages=$(elapsed "$t0" "$t1")

# argon2id: users with passwords, hashed on every core.
"$bin" --db "sqlite:$work/hashed.db" migrate up -q >/dev/null
t0=$(now); "$bin" --db "sqlite:$work/hashed.db" user import "$work/users-hashed.csv" -q >/dev/null; t1=$(now); s_hashed=$(elapsed "$t0" "$t1")

# Peak memory of a 1M-row import, and of a 100k one for comparison.
"$bin" --db "sqlite:$work/big.db" migrate up -q >/dev/null
"$bin" --db "sqlite:$work/small.db" migrate up -q >/dev/null
rss_small=$( { /usr/bin/time -f "%M" "$bin" --db "sqlite:$work/small.db" user import "$work/users.csv" -q >/dev/null; } 2>&1 | tail -1)
t0=$(now)
rss_big=$( { /usr/bin/time -f "%M" "$bin" --db "sqlite:$work/big.db" user import "$work/users-big.csv" -q >/dev/null; } 2>&1 | tail -1)
t1=$(now); s_big=$(elapsed "$t0" "$t1")

echo "import of $users users and $passages passages (CSV), one run"
line "readmaster user import (SQLite)" "$s_rm_users" "$users"
line "sqlite3 .import + INSERT SELECT into users" "$s_sql_users" "$users"
line "sqlite3 .import into a bare table" "$s_raw_users" "$users"
line "readmaster user import (PostgreSQL)" "$p_rm_users" "$users"
line "psql \\copy + INSERT SELECT into users" "$p_sql_users" "$users"
line "psql \\copy into a bare table" "$p_raw_users" "$users"
line "readmaster reading import (SQLite)" "$s_rm_passages" "$passages"
line "sqlite3 .import + INSERT SELECT into readings" "$s_sql_passages" "$passages"
line "sqlite3 .import into a bare table" "$s_raw_passages" "$passages"
line "readmaster reading import (PostgreSQL)" "$p_rm_passages" "$passages"
line "psql \\copy + INSERT SELECT into readings" "$p_sql_passages" "$passages"
line "psql \\copy into a bare table" "$p_raw_passages" "$passages"
awk -v a="$s_rm_users" -v b="$s_sql_users" -v c="$p_rm_users" -v d="$p_sql_users" -v e="$s_rm_passages" -v f="$s_sql_passages" \
    -v g="$p_rm_passages" -v h="$p_sql_passages" 'BEGIN {
  printf "ratio readmaster/native SQL into the same tables: users SQLite %.2fx, PostgreSQL %.2fx; passages SQLite %.2fx, PostgreSQL %.2fx\n", a/b, c/d, e/f, g/h }'
line "user import with argon2id passwords ($(nproc) cores)" "$s_hashed" "$hashed"
echo "peak RSS: $((rss_small / 1024)) MiB importing $users users; $((rss_big / 1024)) MiB importing $big users ($(printf '%.1f' "$s_big") s)"
