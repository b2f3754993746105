#!/usr/bin/env bash
# The benchmark of issue 7: runs `archive` of the packaged jar against the built-in simulator and a fresh
# PostgreSQL database per scenario, and prints each scenario against the bound that physics sets:
#   the API bound:   calls x latency / concurrency (or calls / requests-per-second, if larger), where every cluster
#                    needs 5 calls (its task list, pre-checks, snapshots, workflows, upgrade info) and discovery 2
#                    (one clusters list per family, one after the other)
#   the write bound: PostgreSQL COPY of the same rows into identical tables, measured in the same run.
#   start-up:        `verify` of an empty archive against `--help` (the JVM without Spring), both as the README runs
#                    the jar (`java -jar`, default JVM options).
# Usage: bench/run.sh [--smoke] [--output FILE]
#   --smoke   a few hundred tasks, to check that the benchmark runs (the test suite does this)
#   --output  where to append the results (default docs/benchmarks.md; --output - prints only)
set -euo pipefail
cd "$(dirname "$0")/.."

scale=full
output=docs/benchmarks.md
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) scale=smoke ;;
    --output) output="$2"; shift ;;
    *) echo "usage: bench/run.sh [--smoke] [--output FILE|-]" >&2; exit 2 ;;
  esac
  shift
done

packaged=${ARCHIVER_JAR:-target/cce-upgrade-archiver.jar}
# Every database of this run starts with this prefix and is dropped at the end; a test run sets its own, so that
# two benchmarks on one server (two test suites at once) never drop each other's databases.
db=${BENCH_DB_PREFIX:-archiver_bench}
[ -f "$packaged" ] || ./mvnw -q -B package -DskipTests
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export CLOUD_SDK_AK=bench-ak CLOUD_SDK_SK=bench-sk
project=0a1b2c3d4e5f60718293a4b5c6d7e8f9
work=$(mktemp -d)
simulator_pid=
cleanup() {
  [ -n "$simulator_pid" ] && kill "$simulator_pid" 2>/dev/null || true
  for name in ${db}_startup ${db}_sweep ${db}_backfill ${db}_copy ${db}_memory; do
    dropdb --force --if-exists "$name" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The archiver runs as the README runs it: `java -jar` of the packaged jar with the JVM's default options (the memory
# scenario adds -Xmx256m); the image's options (C1 only, its CDS archive) help the image, not the README's users.
jar=$packaged
# The simulator stands in for a remote API; C1 alone keeps its JIT compiler from taking the cores it shares.
simulator_java_options=(-XX:TieredStopAtLevel=1)

if [ "$scale" = smoke ]; then
  sweep=(20 10 20 4)          # clusters, tasks, latency ms, concurrency
  backfill=(20 20)            # clusters, tasks
  memory=(40 20)
  startup_runs=3
else
  sweep=(1000 20 100 16)
  backfill=(1000 200)
  memory=(5000 200)
  startup_runs=15
fi
backfill_concurrency=16
rps=100000                    # the API bound is latency here, not the rate limit
calls_per_cluster=5           # task list + 4 evidence calls
discovery_calls=2             # ListAutopilotClusters, then ListClusters

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%d", n / (s > 0 ? s : 0.01) }'; }

start_simulator() { # clusters tasks latency-ms
  [ -n "$simulator_pid" ] && { kill "$simulator_pid"; wait "$simulator_pid" 2>/dev/null || true; }
  java "${simulator_java_options[@]}" -jar "$jar" simulate --port 0 --clusters "$1" --tasks "$2" --latency-ms "$3" --seed 7 \
      --ak "$CLOUD_SDK_AK" --sk "$CLOUD_SDK_SK" > "$work/simulator.log" 2>&1 &
  simulator_pid=$!
  for _ in $(seq 1 100); do
    endpoint=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/simulator.log" | head -n 1 || true)
    [ -n "$endpoint" ] && return 0
    sleep 0.1
  done
  echo "the simulator did not start:" >&2; cat "$work/simulator.log" >&2; exit 1
}

fresh_db() { dropdb --force --if-exists "$1"; createdb "$1"; }

api_bound() { # clusters latency-ms concurrency: seconds the API calls take at best
  awk -v c="$1" -v l="$2" -v n="$3" -v r=$rps -v k=$calls_per_cluster -v d=$discovery_calls \
      'BEGIN { a = (c * k / n + d) * l / 1000; b = (c * k + d) / r; printf "%.2f", (a > b ? a : b) }'
}

# archive DB CONCURRENCY [more JVM options...]: sets wall, run_seconds, seen (tasks), rss_mb, first_call_ms
archive() {
  local db=$1 concurrency=$2; shift 2
  local started; started=$(now)
  local timing=()
  [ -x /usr/bin/time ] && timing=(/usr/bin/time -f '%M' -o "$work/rss")
  "${timing[@]}" java "$@" -jar "$jar" archive \
      --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$db" --spring.datasource.username="$PGUSER" \
      --archiver.api.endpoint="$endpoint" \
      --archiver.discovery[0].project-id=$project --archiver.discovery[0].region=cn-north-4 \
      --archiver.api.concurrency="$concurrency" --archiver.api.requests-per-second=$rps \
      > "$work/archive.log" 2>&1 || { echo "archive failed:" >&2; tail -n 20 "$work/archive.log" >&2; exit 1; }
  wall=$(seconds "$started" "$(now)")
  read -r run_seconds seen < <(psql -Atq -F ' ' -c "SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 2),
      tasks_seen FROM upgrade_history.archive_run ORDER BY run_id DESC LIMIT 1" "$db")
  rss_mb=n/a
  [ -f "$work/rss" ] && rss_mb=$(awk '{ printf "%d", $1 / 1024 }' "$work/rss")
  # From java -jar to the run's start: Flyway's migrations (of a fresh database in the sweep) and the first API
  # call (discovery of the fleet's clusters) included.
  first_call_ms=$(psql -Atq -c "SELECT round(extract(epoch FROM started_at) * 1000)::bigint FROM upgrade_history.archive_run
      ORDER BY run_id DESC LIMIT 1" "$db" | awk -v s="$started" '{ printf "%d", $1 - s * 1000 }')
}

rows_written() { # DB: rows inserted, updated or deleted in the task and evidence tables and their revisions since the server started
  sleep 1 # backends flush their statistics when they exit
  psql -Atq -c "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables
      WHERE schemaname = 'upgrade_history' AND relname IN ('upgrade_task', 'upgrade_task_revision', 'precheck_task',
          'snapshot_task', 'upgrade_workflow', 'cluster_upgrade_info', 'evidence_revision')" "$1"
}

# The rows a backfill writes: tasks and evidence objects, and the revisions of both.
archive_tables=(upgrade_task upgrade_task_revision precheck_task snapshot_task upgrade_workflow cluster_upgrade_info
    evidence_revision)

archived_rows() { # DB: rows in the archive tables
  local sum=0 table
  for table in "${archive_tables[@]}"; do
    sum=$((sum + $(psql -Atq -c "SELECT count(*) FROM upgrade_history.$table" "$1")))
  done
  echo $sum
}

copy_bound() { # DB: rows/s of COPY of its archive tables' rows into identical tables in a fresh database
  # Identical: the same schema with every key, index, check and foreign key, and the archive_run rows the
  # foreign keys point at (copied first, not timed).
  local copy_db=${db}_copy table rows=0
  fresh_db $copy_db
  psql -q -c "\\copy upgrade_history.archive_run TO '$work/archive_run.copy'" "$1"
  for table in "${archive_tables[@]}"; do
    psql -q -c "\\copy upgrade_history.$table TO '$work/$table.copy'" "$1"
    rows=$((rows + $(wc -l < "$work/$table.copy")))
  done
  pg_dump --schema-only --schema=upgrade_history "$1" | psql -q $copy_db > /dev/null
  psql -q -c "\\copy upgrade_history.archive_run FROM '$work/archive_run.copy'" $copy_db
  local copies=() started
  for table in "${archive_tables[@]}"; do copies+=(-c "\\copy upgrade_history.$table FROM '$work/$table.copy'"); done
  started=$(now)
  psql -q "${copies[@]}" $copy_db
  copy_seconds=$(seconds "$started" "$(now)")
  copy_rows_per_s=$(per_second "$rows" "$copy_seconds")
  dropdb --force $copy_db
}

results=()
row() { results+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"); printf '%-28s %10s %10s %14s %14s %8s %8s\n' "$@"; }
printf '%-28s %10s %10s %14s %14s %8s %8s\n' scenario run_s wall_s tasks/s bound ratio rss_mb
# ratio: sweep run / API bound (target <= 1.25); backfill rows/s (tasks + revisions) / COPY rows/s (target >= 0.5);
#        start-up: verify / --help, medians (target <= 2)

# 0. Start-up, as the README runs the jar: verify of an empty, migrated archive against --help, which starts the JVM
#    and the command line but no Spring. Runs alternate, so that both see the same load; medians of each.
startup_db=${db}_startup
fresh_db $startup_db
verify_startup=(java -jar "$packaged" verify --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$startup_db"
    --spring.datasource.username="$PGUSER")
"${verify_startup[@]}" > "$work/verify.log" 2>&1 || { echo "verify failed:" >&2; cat "$work/verify.log" >&2; exit 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > "$work/help.s"; : > "$work/verify.s"
for _ in $(seq 1 "$startup_runs"); do
  started=$(now); java -jar "$packaged" --help > /dev/null; seconds "$started" "$(now)" >> "$work/help.s"; echo >> "$work/help.s"
  started=$(now); "${verify_startup[@]}" > "$work/verify.log" 2>&1 \
      || { echo "verify failed:" >&2; cat "$work/verify.log" >&2; exit 1; }
  seconds "$started" "$(now)" >> "$work/verify.s"; echo >> "$work/verify.s"
done
help_s=$(median < "$work/help.s")
verify_s=$(median < "$work/verify.s")
row "start-up: verify, empty archive (median of ${startup_runs})" - "$verify_s" - "--help ${help_s} s" \
    "$(awk -v a="$verify_s" -v b="$help_s" 'BEGIN { printf "%.2f", a / b }')" -
dropdb --force "$startup_db"

# 1. Sweep: the API bound is (clusters x 5 calls / concurrency + 2 discovery calls) x latency.
read -r clusters tasks latency concurrency <<< "${sweep[*]}"
start_simulator "$clusters" "$tasks" "$latency"
fresh_db ${db}_sweep
archive ${db}_sweep "$concurrency"
api_bound=$(api_bound "$clusters" "$latency" "$concurrency")
row "sweep ${clusters}x${tasks}, ${latency} ms, c=${concurrency}" "$run_seconds" "$wall" \
    "$(per_second "$seen" "$run_seconds")" "API ${api_bound} s" \
    "$(awk -v a="$run_seconds" -v b="$api_bound" 'BEGIN { printf "%.2f", a / b }')" "$rss_mb"
sweep_first_call_ms=$first_call_ms

# 2. Backfill: rows per second, revisions included, against COPY of the same rows.
read -r clusters tasks <<< "${backfill[*]}"
start_simulator "$clusters" "$tasks" 0
fresh_db ${db}_backfill
archive ${db}_backfill $backfill_concurrency
backfill_rows_per_s=$(per_second "$(archived_rows ${db}_backfill)" "$run_seconds")
copy_bound ${db}_backfill
row "backfill ${clusters}x${tasks}" "$run_seconds" "$wall" \
    "$(per_second "$seen" "$run_seconds")" "COPY ${copy_rows_per_s} rows/s" \
    "$(awk -v a="$backfill_rows_per_s" -v b="$copy_rows_per_s" 'BEGIN { printf "%.2f", a / b }')" "$rss_mb"

# 3. Unchanged re-run of the backfill: nothing may be written. Without latency the API bound is ~0 s, so the
#    re-run is also made against the same fleet served with the sweep's latency, where its bound is the sweep's.
before=$(rows_written ${db}_backfill)
archive ${db}_backfill $backfill_concurrency
written=$(( $(rows_written ${db}_backfill) - before ))
row "unchanged re-run (rows written: ${written})" "$run_seconds" "$wall" \
    "$(per_second "$seen" "$run_seconds")" "0 rows" "-" "$rss_mb"
read -r _ _ latency concurrency <<< "${sweep[*]}"
start_simulator "${backfill[0]}" "${backfill[1]}" "$latency"
before=$(rows_written ${db}_backfill)
archive ${db}_backfill "$concurrency"
written=$(( $(rows_written ${db}_backfill) - before ))
api_bound=$(api_bound "${backfill[0]}" "$latency" "$concurrency")
row "unchanged re-run, ${latency} ms, c=${concurrency} (rows written: ${written})" "$run_seconds" "$wall" \
    "$(per_second "$seen" "$run_seconds")" "API ${api_bound} s" \
    "$(awk -v a="$run_seconds" -v b="$api_bound" 'BEGIN { printf "%.2f", a / b }')" "$rss_mb"

# 4. Memory: the backfill at larger scale with a 256 MiB heap.
read -r clusters tasks <<< "${memory[*]}"
start_simulator "$clusters" "$tasks" 0
fresh_db ${db}_memory
archive ${db}_memory $backfill_concurrency -Xmx256m
row "memory ${clusters}x${tasks}, -Xmx256m" "$run_seconds" "$wall" \
    "$(per_second "$seen" "$run_seconds")" "completes" "-" "$rss_mb"
echo "start-up (java -jar to the run's start; the fresh database's migrations and discovery included, sweep): ${sweep_first_call_ms} ms"

machine="$(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(java -version 2>&1 | head -n 1), $(psql -Atc 'SHOW server_version' postgres | cut -d' ' -f1)"
[ "$output" = - ] && exit 0
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ), ${scale}: ${machine}"
  echo
  echo "| scenario | run s | wall s | tasks/s | bound | ratio | peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${results[@]}"
  echo
  echo "Start-up, from \`java -jar\` to the run's start, the fresh database's migrations and discovery included (sweep): ${sweep_first_call_ms} ms."
  echo "The jar as the README starts it: \`java -jar $packaged\`, the JVM's default options."
} >> "$output"
echo "appended to $output"
