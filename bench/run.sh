#!/usr/bin/env bash
# Pumasi benchmarks — see docs/BENCHMARKS.md for what is measured and the recorded figures.
#
#   cargo build --release -p pumasi && bash bench/run.sh          (~5 minutes)
#
# Prints a Markdown summary on standard output and progress on standard error. Everything runs in
# a fresh temporary directory, only on 127.0.0.1, and every server started here is stopped on
# exit (also on error or Ctrl-C). Needs: wrk, nginx, hyperfine, python3, curl; psql and a
# PostgreSQL server at 127.0.0.1:5432 (user postgres) for the PostgreSQL import (skipped, and
# said so, when unreachable).
#
# Settings (all optional):
#   BENCH_PUMASI_BIN   the binary (default: target/release/pumasi of this workspace)
#   BENCH_COOPS_CSV    the Co-ops UK file (default: testdata/coops-uk/coopsuk_2023-03-02_standard.csv.gz,
#                      decompressed into the temporary directory)
#   BENCH_PG_HOST      PostgreSQL host (default 127.0.0.1), user postgres, port 5432
#   BENCH_KEEP=1       keep the temporary directory (logs, databases, wrk output)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$ROOT/bench
BIN=${BENCH_PUMASI_BIN:-$ROOT/target/release/pumasi}
COOPS=${BENCH_COOPS_CSV:-$ROOT/testdata/coops-uk/coopsuk_2023-03-02_standard.csv.gz}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
WRK_ARGS=(-t2 -c64 -d10s --latency -H 'Accept-Encoding: gzip')

LOG_TAG=bench
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

for tool in wrk nginx hyperfine python3 curl; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y wrk nginx hyperfine)"
done
[[ -x $BIN ]] || die "$BIN not found: run cargo build --release -p pumasi first"
[[ -r $COOPS ]] || die "Co-ops UK file not found at $COOPS"

bench_tmp pumasi-bench

# ---------------------------------------------------------------------------------------------
log "temporary directory $TMP"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
IDLE_START=$(idle_pct 3)
say "# Pumasi benchmark run"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
say "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- crates 2>/dev/null || echo ' (crates/ has uncommitted changes)')"
say "- binary: \`$BIN_ORIG\` (built $BIN_BUILT, $("$BIN" --version))"
say "- machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -h | awk '/^Mem:/ { print $2 }') RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
say "- tools: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $(nginx -v 2>&1 | cut -d' ' -f3), $(hyperfine --version)"
say "- before the run: load average $LOAD_START, CPUs ${IDLE_START} % idle over 3 s (wrk, nginx and pumasi share these CPUs with anything else running)"
say "- wrk: \`wrk ${WRK_ARGS[*]:0:4} -H 'Accept-Encoding: gzip'\` from the same machine to 127.0.0.1. \"Server CPU/request\" is the server's user+system CPU time during the run (\`/proc/PID/stat\`) divided by the requests it served, which depends little on how busy the machine is."
say ""

# ---------------------------------------------------------------------------------------------
# 1. Directory page (100 members) and a profile page: Pumasi vs nginx serving the same bytes.
log "1. directory and profile vs nginx"
P1=$TMP/p1
mkdir -p "$P1"
(cd "$P1" && "$BIN" demo >demo.log 2>&1)
(cd "$P1" && "$BIN" import members "$BENCH_DIR/extra-22.csv" >import.log 2>&1)
PORT1=$(free_port)
start_pumasi "$P1" "$PORT1" "" --demo
PU=http://127.0.0.1:$PORT1
PROFILE=/en/members/seoul-metropolitan-government

NGX=$TMP/nginx
mkdir -p "$NGX/html"
# First fetch of each page: a cache miss, rendered from the database (time recorded).
COLD_DIR=$(curl -s -o "$NGX/html/members.html" -w '%{http_code} %{time_total}' "$PU/en/members")
COLD_PROF=$(curl -s -o "$NGX/html/profile.html" -w '%{http_code} %{time_total}' "$PU$PROFILE")
[[ ${COLD_DIR% *} == 200 && ${COLD_PROF% *} == 200 ]] || die "pages answered $COLD_DIR / $COLD_PROF"
LISTED=$(sed -n 's/.*id="result-count">\([0-9][0-9,]*\) .*/\1/p' "$NGX/html/members.html" | head -1)
CARDS=$(grep -o '<li class="card">' "$NGX/html/members.html" | wc -l)
[[ $CARDS == 100 ]] || log "warning: /en/members shows $CARDS cards, not 100"
ORGS=$(metric "$PORT1" pumasi_organisations)
start_nginx "$NGX" /en/members "" "location = /en/members { try_files /members.html =404; }
    location = $PROFILE { try_files /profile.html =404; }"
# Same bytes, both gzip-encoded on the wire.
for p in /en/members "$PROFILE"; do
  cmp -s <(curl -s --compressed -H 'Accept-Encoding: gzip' "$NG$p") <(curl -s --compressed -H 'Accept-Encoding: gzip' "$PU$p") ||
    die "nginx and pumasi do not serve the same bytes for $p"
  for u in "$NG$p" "$PU$p"; do
    curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$u" | grep -qi '^content-encoding: gzip' || die "$u is not gzip-encoded"
  done
done
GZ_NG_DIR=$(curl -s -H 'Accept-Encoding: gzip' "$NG/en/members" | wc -c)
GZ_PU_DIR=$(curl -s -H 'Accept-Encoding: gzip' "$PU/en/members" | wc -c)
GZ_NG_PROF=$(curl -s -H 'Accept-Encoding: gzip' "$NG$PROFILE" | wc -c)
GZ_PU_PROF=$(curl -s -H 'Accept-Encoding: gzip' "$PU$PROFILE" | wc -c)
# Does an anonymous visitor without cookies get a cacheable page?
SETCOOKIE=$(curl -s -D - -o /dev/null "$PU/en/members" | tr -d '\r' | awk -F': ' 'tolower($1) == "set-cookie" { print $2 }' | cut -d= -f1 | sort -u | tr '\n' ' ')

REPORT=$BENCH_DIR/report.lua
HITS0=$(metric "$PORT1" pumasi_page_cache_hits_total)
N_DIR=$(run_wrk nginx-directory "$NG/en/members" "$REPORT" "$NGINX_PIDS")
P_DIR=$(run_wrk pumasi-directory "$PU/en/members" "$REPORT" "$SERVER_PID")
N_PROF=$(run_wrk nginx-profile "$NG$PROFILE" "$REPORT" "$NGINX_PIDS")
P_PROF=$(run_wrk pumasi-profile "$PU$PROFILE" "$REPORT" "$SERVER_PID")
HITS1=$(metric "$PORT1" pumasi_page_cache_hits_total)
# Supplementary: a returning browser, which sends back the CSRF cookie Pumasi set on its first visit.
COOKIE='Cookie: pumasi_csrf=bench-returning-browser'
C_DIR=$(run_wrk pumasi-directory-cookie "$PU/en/members" "$REPORT" "$SERVER_PID" -H "$COOKIE")
C_PROF=$(run_wrk pumasi-profile-cookie "$PU$PROFILE" "$REPORT" "$SERVER_PID" -H "$COOKIE")
HITS2=$(metric "$PORT1" pumasi_page_cache_hits_total)
P1_RSS=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")

say "## 1. Directory page (${LISTED:-?} members) and profile page: Pumasi vs nginx"
say ""
say "Demo network (78 members) + 22 imported from \`bench/extra-22.csv\` before serving: \`/en/members\` says \"${LISTED:-?} organisations\" and shows $CARDS cards; \`pumasi_organisations\` = $ORGS (applicants and suspended included)."
say "nginx (\`worker_processes 1\`, \`gzip on; gzip_comp_level 6\`, \`keepalive_requests 1000000\`) serves the exact HTML Pumasi rendered, gzip-compressing it on every request; checked byte-identical after decompression."
say "Pumasi (tokio, one worker thread per CPU) serves anonymous public pages from its in-process page cache when it can (gzip level 9, compressed once per page)."
say ""
say "| page | server | requests/s | p50 ms | p99 ms | max ms | server CPU/request | bytes on the wire | page-cache hits | errors |"
say "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
row() { # row PAGE SERVER LINE GZBYTES HITS
  local l=$3
  say "| $1 | $2 | $(field "$l" rps) | $(ms "$(field "$l" p50_us)") | $(ms "$(field "$l" p99_us)") | $(ms "$(field "$l" max_us)") | $(field "$l" cpu_us) µs | $4 | $5 | $(errors "$l") |"
}
row "/en/members" nginx "$N_DIR" "$GZ_NG_DIR" "—"
row "/en/members" "**pumasi**" "$P_DIR" "$GZ_PU_DIR" "see below"
row "$PROFILE" nginx "$N_PROF" "$GZ_NG_PROF" "—"
row "$PROFILE" "**pumasi**" "$P_PROF" "$GZ_PU_PROF" "see below"
row "/en/members" "pumasi + CSRF cookie (supplementary)" "$C_DIR" "$GZ_PU_DIR" "see below"
row "$PROFILE" "pumasi + CSRF cookie (supplementary)" "$C_PROF" "$GZ_PU_PROF" "see below"
say ""
R_DIR=$(awk -v a="$(field "$P_DIR" rps)" -v b="$(field "$N_DIR" rps)" 'BEGIN { printf "%.2f", a / b }')
R_PROF=$(awk -v a="$(field "$P_PROF" rps)" -v b="$(field "$N_PROF" rps)" 'BEGIN { printf "%.2f", a / b }')
RC_DIR=$(awk -v a="$(field "$C_DIR" rps)" -v b="$(field "$N_DIR" rps)" 'BEGIN { printf "%.2f", a / b }')
RC_PROF=$(awk -v a="$(field "$C_PROF" rps)" -v b="$(field "$N_PROF" rps)" 'BEGIN { printf "%.2f", a / b }')
say "| figure | target | directory | profile |"
say "|---|---|---:|---:|"
say "| requests/s pumasi ÷ nginx (no cookie, as specified) | ≥ 0.5 | $R_DIR ($(pass "$R_DIR" 0.5 ge)) | $R_PROF ($(pass "$R_PROF" 0.5 ge)) |"
say "| pumasi p99 latency (no cookie, as specified) | ≤ 20 ms | $(ms "$(field "$P_DIR" p99_us)") ms ($(pass "$(ms "$(field "$P_DIR" p99_us)")" 20 le)) | $(ms "$(field "$P_PROF" p99_us)") ms ($(pass "$(ms "$(field "$P_PROF" p99_us)")" 20 le)) |"
say "| supplementary: ratio with CSRF cookie | (≥ 0.5) | $RC_DIR | $RC_PROF |"
say "| supplementary: p99 with CSRF cookie | (≤ 20 ms) | $(ms "$(field "$C_DIR" p99_us)") ms | $(ms "$(field "$C_PROF" p99_us)") ms |"
say "| first request after start (cache miss, curl) | — | ${COLD_DIR#* } s | ${COLD_PROF#* } s |"
say ""
say "Page-cache hits (\`pumasi_page_cache_hits_total\`): $((HITS1 - HITS0)) of $(($(field "$P_DIR" requests) + $(field "$P_PROF" requests))) requests without cookie; $((HITS2 - HITS1)) of $(($(field "$C_DIR" requests) + $(field "$C_PROF" requests))) with the CSRF cookie. (wrk does not count the requests still in flight when it stops, so hits can exceed its count). A cookie-less GET of \`/en/members\` answers with Set-Cookie: ${SETCOOKIE:-none}. Pumasi RSS after these runs: $((P1_RSS / 1024)) MB."
say ""

# ---------------------------------------------------------------------------------------------
# 4 (measured here, reported below). Page weight of every public page on the 100-member hub.
PAGES=(/en/ /ko/ /en/members /en/members/map /en/members/stats "$PROFILE" /en/apply /en/login)
weigh() { # weigh BASE PATH → "status plain gzip encoding"
  local plain gz enc st
  st=$(curl -s -o /dev/null -w '%{http_code}' "$1$2")
  plain=$(curl -s "$1$2" | wc -c)
  gz=$(curl -s -H 'Accept-Encoding: gzip' "$1$2" | wc -c)
  enc=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$1$2" | tr -d '\r' | awk -F': ' 'tolower($1) == "content-encoding" { print $2 }')
  echo "$st $plain $gz ${enc:-identity}"
}
declare -A W100 W10K
for p in "${PAGES[@]}"; do W100[$p]=$(weigh "$PU" "$p"); done
ASSETS=$(curl -s "$PU/en/" | grep -oE '(href|src)="/[^"]*\.(css|js|svg)[^"]*"' | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
ASSET_LINES=""
for a in $ASSETS; do ASSET_LINES+="$a $(weigh "$PU" "$a")"$'\n'; done

stop "$NGINX_PID"
stop "$SERVER_PID"

# ---------------------------------------------------------------------------------------------
# 2. RSS under load with 10,000 organisations.
log "2. RSS under a mixed load with 10,000 organisations"
P2=$TMP/p2
mkdir -p "$P2"
python3 "$BENCH_DIR/gen_csv.py" orgs 10000 "$P2/orgs-10k.csv"
(cd "$P2" && "$BIN" migrate >migrate.log 2>&1)
IMPORT_10K=$(cd "$P2" && { /usr/bin/time -f '%e %M' "$BIN" import members orgs-10k.csv >import.log 2>time.log; tail -1 time.log; })
SLUGS=$(cd "$P2" && "$BIN" export members --format csv 2>/dev/null |
  python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin)); print(" ".join(r[i]["slug"] for i in (0, 2500, 5000, 7500, 9999)))')

# mix_run TAG [more wrk arguments…]: a fresh `pumasi serve` on the 10,000-organisation database,
# VmRSS sampled every 0.5 s from start until after the load; sets M_* variables.
mix_run() {
  local tag=$1
  shift
  local port
  port=$(free_port)
  start_pumasi "$P2" "$port" ""
  M_PORT=$port
  M_ORGS=$(metric "$port" pumasi_organisations)
  M_IDLE=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
  (
    while [[ -r /proc/$SERVER_PID/status ]]; do
      awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || true
      sleep 0.5
    done
  ) >"$P2/rss-$tag.log" &
  local sampler=$!
  PIDS+=("$sampler")
  local h0 h1
  h0=$(metric "$port" pumasi_page_cache_hits_total)
  M_LINE=$(BENCH_SLUGS=$SLUGS run_wrk "mix-10k-$tag" "http://127.0.0.1:$port/" "$BENCH_DIR/mix.lua" "$SERVER_PID" "$@")
  h1=$(metric "$port" pumasi_page_cache_hits_total)
  M_HITS=$((h1 - h0))
  sleep 1
  M_AFTER=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
  M_HWM=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER_PID/status")
  forget "$sampler"
  kill -TERM "$sampler" 2>/dev/null || true # (background subshells ignore SIGINT)
  wait "$sampler" 2>/dev/null || true
  M_PEAK=$(sort -n "$P2/rss-$tag.log" | tail -1)
  M_SAMPLES=$(wc -l <"$P2/rss-$tag.log")
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

mix_run plain
A_LINE=$M_LINE A_HITS=$M_HITS A_IDLE=$M_IDLE A_AFTER=$M_AFTER A_HWM=$M_HWM A_PEAK=$M_PEAK A_SAMPLES=$M_SAMPLES
ORGS2=$M_ORGS
PU2=http://127.0.0.1:$M_PORT
# Single cache-miss renders on this hub after the load (pages the mix does not request).
COLD2=""
for p in "/en/members?page=50&sort=name" "/fr/" "/en/members/map" "/fr/members/stats" "/es/members?continent=EU"; do
  COLD2+="| \`$p\` | $(curl -s -o /dev/null -w '%{http_code} | %{time_total}' "$PU2$p") s |"$'\n'
done
for p in "${PAGES[@]}"; do
  q=$p
  [[ $p == "$PROFILE" ]] && q=/en/members/${SLUGS%% *}
  W10K[$p]=$(weigh "$PU2" "$q")
done
stop "$SERVER_PID"
mix_run cookie -H "$COOKIE"
B_LINE=$M_LINE B_HITS=$M_HITS B_IDLE=$M_IDLE B_AFTER=$M_AFTER B_HWM=$M_HWM B_PEAK=$M_PEAK B_SAMPLES=$M_SAMPLES
stop "$SERVER_PID"

A_PEAK_MB=$(mb "$A_PEAK")
say "## 2. Memory under load with 10,000 organisations"
say ""
say "Fresh database, \`pumasi migrate\`, import of 10,000 generated organisations (\`bench/gen_csv.py orgs 10000\`: 40 countries on every continent, 12 categories, 40 % full members with a college and a first fee; import ${IMPORT_10K% *} s, peak RSS of the import $((${IMPORT_10K#* } / 1024)) MB), then \`pumasi serve\` (\`pumasi_organisations\` = $ORGS2)."
say "\`wrk … -s bench/mix.lua\`: random mix of \`/en/members?page=1…100\` (weight 1 each), \`/ko/members?continent=AS\`, \`/en/members/stats\`, \`/en/\` (weight 10 each) and 5 profiles (weight 4 each). Each column is a fresh server process (empty page cache); VmRSS sampled every 0.5 s from server start until 1 s after the load."
say ""
say "| figure | target | no cookie (as specified) | supplementary: with CSRF cookie |"
say "|---|---|---:|---:|"
say "| peak RSS (VmRSS samples) | ≤ 64 MB | **$A_PEAK_MB MB** ($(pass "$A_PEAK_MB" 64 le)) | $(mb "$B_PEAK") MB ($(pass "$(mb "$B_PEAK")" 64 le)) |"
say "| VmHWM (kernel's high-water mark) | — | $(mb "$A_HWM") MB | $(mb "$B_HWM") MB |"
say "| RSS idle after start / 1 s after the load | — | $(mb "$A_IDLE") / $(mb "$A_AFTER") MB | $(mb "$B_IDLE") / $(mb "$B_AFTER") MB |"
say "| RSS samples | — | $A_SAMPLES | $B_SAMPLES |"
say "| requests/s | — | $(field "$A_LINE" rps) | $(field "$B_LINE" rps) |"
say "| p50 / p99 / max latency | — | $(ms "$(field "$A_LINE" p50_us)") / $(ms "$(field "$A_LINE" p99_us)") / $(ms "$(field "$A_LINE" max_us)") ms | $(ms "$(field "$B_LINE" p50_us)") / $(ms "$(field "$B_LINE" p99_us)") / $(ms "$(field "$B_LINE" max_us)") ms |"
say "| server CPU/request | — | $(field "$A_LINE" cpu_us) µs | $(field "$B_LINE" cpu_us) µs |"
say "| page-cache hits | — | $A_HITS of $(field "$A_LINE" requests) | $B_HITS of $(field "$B_LINE" requests) |"
say "| non-2xx / socket errors (wrk's 2 s timeout; timed-out requests are not in the latencies) | 0 | $(field "$A_LINE" err_status) / $(($(errors "$A_LINE") - $(field "$A_LINE" err_status))) | $(field "$B_LINE" err_status) / $(($(errors "$B_LINE") - $(field "$B_LINE" err_status))) |"
say ""
say "Single cache-miss renders on this hub after the load (curl, one at a time):"
say ""
say "| page | status | time |"
say "|---|---:|---:|"
printf '%s' "$COLD2" >>"$OUT"
say ""

# ---------------------------------------------------------------------------------------------
# 3. Import timings.
log "3. import timings"
P3=$TMP/p3
mkdir -p "$P3"
python3 "$BENCH_DIR/gen_csv.py" orgs 100000 "$P3/orgs-100k.csv"
if [[ $COOPS == *.gz ]]; then gzip -dc "$COOPS" > "$P3/coops-uk.csv"; else cp "$COOPS" "$P3/coops-uk.csv"; fi
COOPS_ROWS=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8"))) - 1)' "$P3/coops-uk.csv")
hf() { # hf NAME COMMAND PREPARE → mean stddev min max (seconds)
  (cd "$P3" && hyperfine --runs 3 --style basic --prepare "$3" --export-json "hf-$1.json" "$2" >"hf-$1.log" 2>&1) ||
    { cat "$P3/hf-$1.log" >&2; die "hyperfine $1 failed"; }
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f %.2f %.2f" % (r["mean"], r["stddev"] or 0, r["min"], r["max"]))' "$P3/hf-$1.json"
}
count_orgs() { (cd "$P3" && "$BIN" export members --format csv -o /dev/null 2>&1 | sed -n 's/^exported \([0-9]*\).*/\1/p'); }
log "   migrate (SQLite)"
T_MIG=$(hf migrate "$BIN migrate" 'rm -rf pumasi-data')
log "   Co-ops UK (SQLite)"
T_COOPS=$(hf coops "$BIN import members coops-uk.csv" 'rm -rf pumasi-data')
N_COOPS=$(count_orgs)
MEM_COOPS=$(cd "$P3" && rm -rf pumasi-data && /usr/bin/time -f '%M' "$BIN" import members coops-uk.csv 2>&1 >/dev/null | tail -1)
log "   100,000 synthetic rows (SQLite)"
T_100K=$(hf synth100k "$BIN import members orgs-100k.csv" 'rm -rf pumasi-data')
N_100K=$(count_orgs)
MEM_100K=$(cd "$P3" && rm -rf pumasi-data && /usr/bin/time -f '%M' "$BIN" import members orgs-100k.csv 2>&1 >/dev/null | tail -1)
rm -rf "$P3/pumasi-data"

PG_NOTE=""
T_PG_MIG="" T_PG_COOPS="" N_PG_COOPS=""
if command -v psql >/dev/null && psql -h "$PG_HOST" -U postgres -qAtc 'select 1' >/dev/null 2>&1; then
  PG_DB=pumasi_bench_$$
  PG_RESET="psql -h $PG_HOST -U postgres -qc 'drop database if exists $PG_DB' && psql -h $PG_HOST -U postgres -qc 'create database $PG_DB'"
  export PUMASI_DATABASE_URL=postgres://postgres@$PG_HOST:5432/$PG_DB
  log "   migrate (PostgreSQL)"
  T_PG_MIG=$(hf pg-migrate "$BIN migrate" "$PG_RESET")
  log "   Co-ops UK (PostgreSQL)"
  T_PG_COOPS=$(hf pg-coops "$BIN import members coops-uk.csv" "$PG_RESET")
  N_PG_COOPS=$(count_orgs)
  unset PUMASI_DATABASE_URL
  psql -h "$PG_HOST" -U postgres -qc "drop database if exists $PG_DB" >/dev/null
  PG_DB=""
  PG_NOTE="PostgreSQL $(psql -h "$PG_HOST" -U postgres -qAtc 'show server_version' | cut -d' ' -f1) on 127.0.0.1 (same machine, default Debian settings); a fresh database created by \`psql -c 'create database …'\` before each run."
else
  PG_NOTE="PostgreSQL at $PG_HOST:5432 was not reachable: the PostgreSQL import was **not measured**."
fi

t() { awk '{ printf "%s s (± %s; min %s, max %s)", $1, $2, $3, $4 }' <<<"$1"; }
say "## 3. Import timings"
say ""
say "\`hyperfine --runs 3 --prepare 'rm -rf pumasi-data' 'pumasi import members FILE'\`: every run imports into an empty database, so each time includes **opening a new database and running all migrations** (measured alone in the first row). Peak RSS from \`/usr/bin/time -f %M\` (one extra run)."
say ""
say "| import | backend | rows → organisations | target | wall time, mean of 3 | peak RSS |"
say "|---|---|---|---|---|---:|"
say "| \`pumasi migrate\` alone (empty database) | SQLite | — | — | $(t "$T_MIG") | — |"
say "| Co-ops UK 2023 (\`coopsuk_2023-03-02_standard.csv\`) | SQLite | $COOPS_ROWS → $N_COOPS | ≤ 2 s | $(t "$T_COOPS") ($(pass "${T_COOPS%% *}" 2 le)) | $((MEM_COOPS / 1024)) MB |"
say "| 100,000 synthetic rows (\`bench/gen_csv.py orgs 100000\`) | SQLite | 100000 → $N_100K | ≤ 10 s | $(t "$T_100K") ($(pass "${T_100K%% *}" 10 le)) | $((MEM_100K / 1024)) MB |"
if [[ -n $T_PG_COOPS ]]; then
  say "| \`pumasi migrate\` alone (empty database) | PostgreSQL | — | — | $(t "$T_PG_MIG") | — |"
  say "| Co-ops UK 2023 | PostgreSQL | $COOPS_ROWS → $N_PG_COOPS | (≤ 2 s on SQLite) | $(t "$T_PG_COOPS") | — |"
fi
say ""
say "$PG_NOTE"
say ""

# ---------------------------------------------------------------------------------------------
say "## 4. Page weight"
say ""
say "HTML of each public page as served to an anonymous visitor: \`curl -s URL | wc -c\` (uncompressed) and \`curl -s -H 'Accept-Encoding: gzip' URL | wc -c\` (bytes on the wire). Target: ≤ 30 KB compressed. 1 KB = 1024 bytes."
say ""
say "| page | 100-member hub: status | plain KB | gzip KB | encoding | target | 10,000-org hub: plain KB | gzip KB | target |"
say "|---|---:|---:|---:|---|---|---:|---:|---|"
for p in "${PAGES[@]}"; do
  read -r s1 pl1 gz1 en1 <<<"${W100[$p]}"
  read -r s2 pl2 gz2 en2 <<<"${W10K[$p]}"
  label=$p
  [[ $p == "$PROFILE" ]] && label="$PROFILE (10k hub: /en/members/${SLUGS%% *})"
  say "| \`$label\` | $s1 | $(kb "$pl1") | $(kb "$gz1") | $en1 | $(pass "$(kb "$gz1")" 30 le) | $(kb "$pl2") | $(kb "$gz2") | $(pass "$(kb "$gz2")" 30 le) ($s2, $en2) |"
done
say ""
say "Shared assets referenced by the pages (fetched once, then cached by the browser):"
say ""
say "| asset | status | plain bytes | gzip bytes | encoding |"
say "|---|---:|---:|---:|---|"
while read -r a s pl gz en; do
  [[ -n $a ]] && say "| \`$a\` | $s | $pl | $gz | $en |"
done <<<"$ASSET_LINES"
say ""
say "After the run: load average $(cut -d' ' -f1-3 /proc/loadavg), CPUs $(idle_pct 3) % idle over 3 s."

cat "$OUT"
log "done"
