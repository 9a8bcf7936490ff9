#!/usr/bin/env bash
# Pumasi events benchmark — see docs/BENCHMARKS.md, "Events: registration burst and timetable".
#
#   cargo build --release -p pumasi --bins --examples && bash bench/events.sh      (~2 minutes)
#
# 1. Registration burst: an event with 2,000 seats and a waitlist; 5,000 registrations with
#    distinct emails started at once through the JSON API (at most 256 requests open at a time),
#    then 100 cancellations at once through the private links, each promoting one person from
#    the waitlist; final counts read back from the database. On SQLite (the targets), then on
#    PostgreSQL for comparison when a server answers at 127.0.0.1:5432 (user postgres).
# 2. Timetable of the demo's 40-session forum edition, first day and 12 May: Pumasi vs nginx
#    serving the same bytes as static files, with wrk as bench/run.sh measures the directory.
#
# Prints a Markdown summary on standard output and progress on standard error. Everything runs in
# a fresh temporary directory, only on 127.0.0.1, and every server started here is stopped on
# exit (also on error or Ctrl-C); the PostgreSQL database it creates is dropped. Needs: wrk,
# nginx, python3, curl; psql and a PostgreSQL server for the comparison (skipped, and said so,
# when unreachable).
#
# Settings (all optional):
#   BENCH_PUMASI_BIN   the server (default: target/release/pumasi of this workspace)
#   BENCH_BURST_BIN    the client (default: target/release/examples/registration_burst)
#   BENCH_PG_HOST      PostgreSQL host (default 127.0.0.1), user postgres, port 5432
#   BENCH_ATTEMPTS     registrations in the burst (default 5000)
#   BENCH_CAPACITY     seats of the event (default 2000)
#   BENCH_CONCURRENCY  requests open at a time (default 256)
#   BENCH_CANCEL       cancellations (default 100)
#   BENCH_KEEP=1       keep the temporary directory (logs, databases, wrk output)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$ROOT/bench
BIN=${BENCH_PUMASI_BIN:-$ROOT/target/release/pumasi}
CLIENT=${BENCH_BURST_BIN:-$ROOT/target/release/examples/registration_burst}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
ATTEMPTS=${BENCH_ATTEMPTS:-5000}
CAPACITY=${BENCH_CAPACITY:-2000}
CONCURRENCY=${BENCH_CONCURRENCY:-256}
CANCEL=${BENCH_CANCEL:-100}
SLUG=bench-registration-burst
WRK_ARGS=(-t2 -c64 -d10s --latency -H 'Accept-Encoding: gzip')

LOG_TAG=events
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

for tool in wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y wrk nginx)"
done
[[ -x $BIN ]] || die "$BIN not found: run cargo build --release -p pumasi --bins --examples first"
[[ -x $CLIENT ]] || die "$CLIENT not found: run cargo build --release -p pumasi --bins --examples first"

bench_tmp pumasi-events
# The client too gets a private copy.
CLIENT_BUILT=$(stat -c %y "$CLIENT" | cut -d. -f1)
cp "$CLIENT" "$TMP/registration_burst"
CLIENT=$TMP/registration_burst

# ---------------------------------------------------------------------------------------------
log "temporary directory $TMP"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
IDLE_START=$(idle_pct 3)
say "# Pumasi events benchmark run"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
say "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- crates 2>/dev/null || echo ' (crates/ has uncommitted changes)')"
say "- binaries: \`$BIN_ORIG\` (built $BIN_BUILT, $("$BIN" --version)); client \`target/release/examples/registration_burst\` (built $CLIENT_BUILT)"
say "- machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -h | awk '/^Mem:/ { print $2 }') RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r); temporary directory on $(df -T "$TMP" | awk 'NR == 2 { print $2 }')"
say "- tools: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $(nginx -v 2>&1 | cut -d' ' -f3)"
say "- before the run: load average $LOAD_START, CPUs ${IDLE_START} % idle over 3 s (client, nginx and pumasi share these CPUs with anything else running)"
say ""

# ---------------------------------------------------------------------------------------------
# 1. Registration burst.
# burst LABEL DIR DATABASE_URL [ATTEMPTS CAPACITY CONCURRENCY CANCEL]: creates the event, starts
# pumasi on the database, runs the burst; sets B_LINE (the BENCH_BURST line), B_RC (the client's
# exit status), B_MD (its Markdown), B_RSS (server's peak RSS, KB), B_MAIL (emails written by the
# delivery loop by the end).
burst() {
  local label=$1 dir=$2 db=$3 port
  local attempts=${4:-$ATTEMPTS} capacity=${5:-$CAPACITY} concurrency=${6:-$CONCURRENCY} cancel=${7:-$CANCEL}
  mkdir -p "$dir/pumasi-data"
  "$CLIENT" setup "$db" --slug "$SLUG" --capacity "$capacity" >"$dir/setup.log" 2>&1 ||
    { cat "$dir/setup.log" >&2; die "setup of the $label event failed"; }
  port=$(free_port)
  start_pumasi "$dir" "$port" "$db"
  log "   $label: $attempts registrations for $capacity seats, at most $concurrency open, then $cancel cancellations"
  B_RC=0
  "$CLIENT" burst "$db" "http://127.0.0.1:$port" --slug "$SLUG" --attempts "$attempts" \
    --concurrency "$concurrency" --cancel "$cancel" --capacity "$capacity" --label "$label" \
    --server-pid "$SERVER_PID" --hz "$HZ" >"$dir/burst.txt" 2>"$dir/burst.log" || B_RC=$?
  cat "$dir/burst.log" >&2
  B_LINE=$(grep '^BENCH_BURST ' "$dir/burst.txt" || true)
  [[ -n $B_LINE ]] || die "the $label burst printed no result (exit status $B_RC)"
  B_MD=$(grep '^|' "$dir/burst.txt")
  B_RSS=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER_PID/status")
  B_MAIL=$({ find "$dir/pumasi-data/mail" -type f 2>/dev/null || true; } | wc -l)
  stop "$SERVER_PID"
}

log "1. registration burst (SQLite)"
E1=$TMP/burst-sqlite
burst sqlite "$E1" "sqlite://$E1/pumasi-data/pumasi.db?mode=rwc"
S_LINE=$B_LINE S_RC=$B_RC S_MD=$B_MD S_RSS=$B_RSS S_MAIL=$B_MAIL
# Supplementary: the same requests one at a time, for the service time of one registration.
log "1a. registrations one at a time (SQLite, supplementary)"
burst sqlite-one-at-a-time "$TMP/one-at-a-time" "sqlite://$TMP/one-at-a-time/pumasi-data/pumasi.db?mode=rwc" 500 250 1 0
Q_LINE=$B_LINE

PG_NOTE=""
P_LINE=""
if command -v psql >/dev/null && psql -h "$PG_HOST" -U postgres -qAtc 'select 1' >/dev/null 2>&1; then
  log "1b. registration burst (PostgreSQL, comparison)"
  PG_DB=pumasi_events_bench_$$
  psql -h "$PG_HOST" -U postgres -qc "drop database if exists $PG_DB" >/dev/null 2>&1
  psql -h "$PG_HOST" -U postgres -qc "create database $PG_DB" >/dev/null
  burst postgres "$TMP/burst-pg" "postgres://postgres@$PG_HOST:5432/$PG_DB"
  P_LINE=$B_LINE P_RC=$B_RC P_MD=$B_MD P_RSS=$B_RSS P_MAIL=$B_MAIL
  PG_VERSION=$(psql -h "$PG_HOST" -U postgres -qAtc 'show server_version')
  PG_SYNC=$(psql -h "$PG_HOST" -U postgres -qAtc 'show synchronous_commit')
  psql -h "$PG_HOST" -U postgres -qc "drop database if exists $PG_DB" >/dev/null 2>&1 || true
  PG_DB=""
else
  PG_NOTE="PostgreSQL comparison not measured: no server answered at $PG_HOST:5432 (user postgres)."
  log "$PG_NOTE"
fi

S_P99=$(ms "$(field "$S_LINE" p99_us)")
say "## E1. Registration burst"
say ""
say "An event with $CAPACITY seats and a waitlist, one free registration type, created in a fresh database before the server starts (\`registration_burst setup\`). Then \`registration_burst burst\` (tokio + hyper-util, one client thread, keep-alive connections) starts all $ATTEMPTS registrations at once — \`POST /api/v1/events/$SLUG/registrations\` with JSON \`{\"type\":\"participant\",\"name\":\"Bench N\",\"email\":\"bench-N@example.org\"}\` — with **at most $CONCURRENCY requests open at a time** (a semaphore, so the OS does not refuse connections). Latency is from sending a request to reading the last byte of its answer. Then $CANCEL confirmed registrations are cancelled at once: \`POST {link}/cancel\` with \`Cookie: pumasi_csrf=X\` and \`_csrf=X\` (303 expected); each frees a seat that goes to the longest-waiting person. The final counts are read from the database (\`registration::counts\`, the event's seat counter, and the order of promotions)."
say ""
say "$S_MD"
say ""
say "Server: peak RSS (VmHWM) $((S_RSS / 1024)) MB; $S_MAIL emails written to the mail directory by the delivery loop by the end of the cancellations (the confirmation emails of the burst are delivered after it). Client exit status $S_RC."
say ""
say "Supplementary, the same request one at a time (500 registrations for 250 seats, a fresh database, at most 1 open): $(field "$Q_LINE" rps) registrations/s, latency p50 / p99 / max $(ms "$(field "$Q_LINE" p50_us)") / $(ms "$(field "$Q_LINE" p99_us)") / $(ms "$(field "$Q_LINE" max_us)") ms, server CPU $(field "$Q_LINE" server_cpu_us) µs per registration (checks: $(field "$Q_LINE" checks))."
say ""
if [[ -n $P_LINE ]]; then
  say "PostgreSQL $PG_VERSION on 127.0.0.1 (same machine, default Debian settings, synchronous_commit=$PG_SYNC), fresh database — comparison, no target:"
  say ""
  say "$P_MD"
  say ""
  say "Server: peak RSS (VmHWM) $((P_RSS / 1024)) MB; $P_MAIL emails written by the end. Client exit status $P_RC."
  say ""
else
  say "$PG_NOTE"
  say ""
fi

# ---------------------------------------------------------------------------------------------
# 2. Timetable of the 40-session demo edition: Pumasi vs nginx serving the same bytes.
log "2. timetable vs nginx"
T=$TMP/timetable
mkdir -p "$T"
(cd "$T" && "$BIN" demo >demo.log 2>&1)
PORT=$(free_port)
start_pumasi "$T" "$PORT" ""
PU=http://127.0.0.1:$PORT
EV=demo-forum-2027-lisbon
TT=/en/events/$EV/programme
DAY2=2027-05-12
read -r SESSIONS FIRST_DAY < <(curl -s "$PU/api/v1/events/$EV/sessions" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(len(s), min(x["starts_at"][:10] for x in s))')
NGX=$TMP/nginx
mkdir -p "$NGX/html"
# First fetch of each page: a cache miss, rendered from the database (time recorded).
COLD1=$(curl -s -o "$NGX/html/programme.html" -w '%{http_code} %{time_total}' "$PU$TT")
COLD2=$(curl -s -o "$NGX/html/programme-$DAY2.html" -w '%{http_code} %{time_total}' "$PU$TT?day=$DAY2")
[[ ${COLD1% *} == 200 && ${COLD2% *} == 200 ]] || die "timetable pages answered $COLD1 / $COLD2"
ROWS1=$(grep -o "/events/$EV/sessions/[0-9a-f-]*\"" "$NGX/html/programme.html" | sort -u | wc -l)
ROWS2=$(grep -o "/events/$EV/sessions/[0-9a-f-]*\"" "$NGX/html/programme-$DAY2.html" | sort -u | wc -l)
start_nginx "$NGX" "$TT" 'map $arg_day $timetable_page { "" programme; default programme-$arg_day; }' \
  "# /programme → programme.html, /programme?day=D → programme-D.html
    location = $TT { try_files /\$timetable_page.html =404; }"
# Same bytes, both gzip-encoded on the wire.
for p in "$TT" "$TT?day=$DAY2"; do
  cmp -s <(curl -s --compressed -H 'Accept-Encoding: gzip' "$NG$p") <(curl -s --compressed -H 'Accept-Encoding: gzip' "$PU$p") ||
    die "nginx and pumasi do not serve the same bytes for $p"
  for u in "$NG$p" "$PU$p"; do
    curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$u" | grep -qi '^content-encoding: gzip' || die "$u is not gzip-encoded"
  done
done
cmp -s "$NGX/html/programme.html" "$NGX/html/programme-$DAY2.html" && die "both days serve the same page"
PLAIN1=$(wc -c <"$NGX/html/programme.html")
PLAIN2=$(wc -c <"$NGX/html/programme-$DAY2.html")
GZ_NG1=$(curl -s -H 'Accept-Encoding: gzip' "$NG$TT" | wc -c)
GZ_PU1=$(curl -s -H 'Accept-Encoding: gzip' "$PU$TT" | wc -c)
GZ_NG2=$(curl -s -H 'Accept-Encoding: gzip' "$NG$TT?day=$DAY2" | wc -c)
GZ_PU2=$(curl -s -H 'Accept-Encoding: gzip' "$PU$TT?day=$DAY2" | wc -c)
SETCOOKIE=$(curl -s -D - -o /dev/null "$PU$TT" | tr -d '\r' | awk -F': ' 'tolower($1) == "set-cookie" { print $2 }' | cut -d= -f1 | sort -u | tr '\n' ' ')

HITS0=$(metric "$PORT" pumasi_page_cache_hits_total)
N1=$(run_wrk nginx-timetable-first "$NG$TT" "$BENCH_DIR/report.lua" "$NGINX_PIDS")
P1=$(run_wrk pumasi-timetable-first "$PU$TT" "$BENCH_DIR/report.lua" "$SERVER_PID")
N2=$(run_wrk nginx-timetable-day2 "$NG$TT?day=$DAY2" "$BENCH_DIR/report.lua" "$NGINX_PIDS")
P2=$(run_wrk pumasi-timetable-day2 "$PU$TT?day=$DAY2" "$BENCH_DIR/report.lua" "$SERVER_PID")
HITS1=$(metric "$PORT" pumasi_page_cache_hits_total)
T_RSS=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
stop "$NGINX_PID"
stop "$SERVER_PID"

say "## E2. Timetable of the 40-session demo edition: Pumasi vs nginx"
say ""
say "\`pumasi demo\`, then \`pumasi serve --demo\`: the edition \`$EV\` has $SESSIONS sessions (\`/api/v1/events/$EV/sessions\`) over three days. \`$TT\` shows the first day ($FIRST_DAY, $ROWS1 sessions), \`$TT?day=$DAY2\` the second ($ROWS2 sessions)."
say "nginx (\`worker_processes 1\`, \`gzip on; gzip_comp_level 6\`, \`keepalive_requests 1000000\`) serves the exact HTML Pumasi rendered, saved as static files and gzip-compressed on every request; checked byte-identical after decompression. Pumasi serves them from its page cache."
say ""
say "| page | server | requests/s | p50 ms | p99 ms | max ms | server CPU/request | bytes on the wire | errors |"
say "|---|---|---:|---:|---:|---:|---:|---:|---:|"
row() { # row PAGE SERVER LINE GZBYTES
  local l=$3
  say "| $1 | $2 | $(field "$l" rps) | $(ms "$(field "$l" p50_us)") | $(ms "$(field "$l" p99_us)") | $(ms "$(field "$l" max_us)") | $(field "$l" cpu_us) µs | $4 | $(errors "$l") |"
}
row "\`$TT\` (first day)" nginx "$N1" "$GZ_NG1"
row "\`$TT\` (first day)" "**pumasi**" "$P1" "$GZ_PU1"
row "\`$TT?day=$DAY2\`" nginx "$N2" "$GZ_NG2"
row "\`$TT?day=$DAY2\`" "**pumasi**" "$P2" "$GZ_PU2"
say ""
R1=$(awk -v a="$(field "$P1" rps)" -v b="$(field "$N1" rps)" 'BEGIN { printf "%.2f", a / b }')
R2=$(awk -v a="$(field "$P2" rps)" -v b="$(field "$N2" rps)" 'BEGIN { printf "%.2f", a / b }')
say "| figure | target | first day | $DAY2 |"
say "|---|---|---:|---:|"
say "| requests/s pumasi ÷ nginx | ≥ 0.5 | $R1 ($(pass "$R1" 0.5 ge)) | $R2 ($(pass "$R2" 0.5 ge)) |"
say "| pumasi p99 latency | (≤ 20 ms, as for the directory) | $(ms "$(field "$P1" p99_us)") ms | $(ms "$(field "$P2" p99_us)") ms |"
say "| page size plain / gzip (bytes) | — | $PLAIN1 / $GZ_PU1 | $PLAIN2 / $GZ_PU2 |"
say "| first request after start (cache miss, curl) | — | ${COLD1#* } s | ${COLD2#* } s |"
say ""
say "Page-cache hits (\`pumasi_page_cache_hits_total\`): $((HITS1 - HITS0)) of $(($(field "$P1" requests) + $(field "$P2" requests))) requests (wrk does not count the requests still in flight when it stops). A cookie-less GET of the timetable answers with Set-Cookie: ${SETCOOKIE:-none}. Pumasi RSS after these runs: $((T_RSS / 1024)) MB."
say ""

# ---------------------------------------------------------------------------------------------
say "## Against the targets"
say ""
say "| figure | target | measured | |"
say "|---|---|---|---|"
S_OK=$([[ $(field "$S_LINE" confirmed) == "$CAPACITY" && $(field "$S_LINE" waitlisted) == $((ATTEMPTS - CAPACITY)) && $(field "$S_LINE" errors) == 0 ]] && echo met || echo '**missed**')
say "| SQLite burst: $ATTEMPTS attempts → confirmed / waitlisted / errors | $CAPACITY / $((ATTEMPTS - CAPACITY)) / 0 | $(field "$S_LINE" confirmed) / $(field "$S_LINE" waitlisted) / $(field "$S_LINE" errors) | $S_OK |"
S_RPS=$(field "$S_LINE" rps)
say "| SQLite burst: registrations/s | ≥ 1,000/s | **${S_RPS%.*}/s** | $(pass "$S_RPS" 1000 ge) |"
say "| SQLite burst: latency p99 (p50 / max), at most $CONCURRENCY open | ≤ 100 ms | **$S_P99 ms** ($(ms "$(field "$S_LINE" p50_us)") / $(ms "$(field "$S_LINE" max_us)") ms) | $(pass "$S_P99" 100 le) |"
C_OK=$([[ $(field "$S_LINE" cancel_303) == "$CANCEL" && $(field "$S_LINE" promoted) == "$CANCEL" && $(field "$S_LINE" final_confirmed) == "$CAPACITY" && $(field "$S_LINE" final_waitlisted) == $((ATTEMPTS - CAPACITY - CANCEL)) && $(field "$S_LINE" final_cancelled) == "$CANCEL" && $(field "$S_LINE" fifo) == ok ]] && echo met || echo '**missed**')
say "| SQLite: $CANCEL cancellations at once → promotions; final confirmed / waitlisted / cancelled | $CANCEL; $CAPACITY / $((ATTEMPTS - CAPACITY - CANCEL)) / $CANCEL | $(field "$S_LINE" promoted) (in waitlist order: $(field "$S_LINE" fifo)); $(field "$S_LINE" final_confirmed) / $(field "$S_LINE" final_waitlisted) / $(field "$S_LINE" final_cancelled) | $C_OK |"
say "| SQLite: cancellation latency p50 / p99 / max | — | $(ms "$(field "$S_LINE" cancel_p50_us)") / $(ms "$(field "$S_LINE" cancel_p99_us)") / $(ms "$(field "$S_LINE" cancel_max_us)") ms | — |"
if [[ -n $P_LINE ]]; then
  say "| PostgreSQL burst (comparison): registrations/s; p99; confirmed / waitlisted / errors; final counts | — | ${P_LINE:+$(field "$P_LINE" rps)/s; $(ms "$(field "$P_LINE" p99_us)") ms; $(field "$P_LINE" confirmed) / $(field "$P_LINE" waitlisted) / $(field "$P_LINE" errors); $(field "$P_LINE" final_confirmed) / $(field "$P_LINE" final_waitlisted) / $(field "$P_LINE" final_cancelled) (checks: $(field "$P_LINE" checks))} | — |"
fi
say "| timetable, first day: requests/s Pumasi ÷ nginx | ≥ 0.5 | **$R1** | $(pass "$R1" 0.5 ge) |"
say "| timetable, $DAY2: requests/s Pumasi ÷ nginx | ≥ 0.5 | **$R2** | $(pass "$R2" 0.5 ge) |"
say ""
say "Machine-readable results:"
say ""
say '```'
say "$S_LINE"
[[ -n $P_LINE ]] && say "$P_LINE"
say '```'
say ""
say "After the run: load average $(cut -d' ' -f1-3 /proc/loadavg), CPUs $(idle_pct 3) % idle over 3 s."

cat "$OUT"
log "done"
