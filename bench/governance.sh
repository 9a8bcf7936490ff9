#!/usr/bin/env bash
# Pumasi governance benchmark — see docs/BENCHMARKS.md, "Governance".
#
#   cargo build --release -p pumasi --bins && cargo build --release -p pumasi-domain --examples \
#     && bash bench/governance.sh                                               (~1 minute)
#
# 1. Tally of 100,000 ballots (a national network's scale): yes/no by college, 20 of 60 seats,
#    ranked choice (crates/domain/examples/tally_bench.rs).
# 2. The results page of the demo's closed general-assembly motion
#    (/fr/motions/<ref>/results) vs nginx serving the same bytes.
#
# Prints a Markdown summary on standard output and progress on standard error; everything runs
# in a fresh temporary directory on 127.0.0.1 and every server started is stopped on exit.
#
# Settings (all optional):
#   BENCH_PUMASI_BIN   the server (default: target/release/pumasi)
#   BENCH_TALLY_BIN    the tally benchmark (default: target/release/examples/tally_bench)
#   BENCH_KEEP=1       keep the temporary directory
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=$ROOT/bench
BIN=${BENCH_PUMASI_BIN:-$ROOT/target/release/pumasi}
TALLY_BIN=${BENCH_TALLY_BIN:-$ROOT/target/release/examples/tally_bench}
WRK_ARGS=(-t2 -c64 -d10s --latency -H 'Accept-Encoding: gzip')
LOG_TAG=governance-bench
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y wrk nginx)"
done
[[ -x $BIN ]] || die "$BIN is missing (cargo build --release -p pumasi --bins)"
[[ -x $TALLY_BIN ]] || die "$TALLY_BIN is missing (cargo build --release -p pumasi-domain --examples)"
bench_tmp governance-bench

say "# Governance benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
say ""
say "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
say ""

log "1. tally of 100,000 ballots"
say "## 1. Tally of 100,000 ballots"
say ""
say '```'
"$TALLY_BIN" >>"$OUT"
say '```'
say ""

log "2. results page vs nginx"
P=$TMP/hub
mkdir -p "$P"
(cd "$P" && "$BIN" demo >demo.log 2>&1)
REF=$(sed -n 's/.*motions loaded (fictional): \([^ ]*\) (closed.*/\1/p' "$P/demo.log")
[[ -n $REF ]] || die "the demo did not name its closed motion"
PORT=$(free_port)
start_pumasi "$P" "$PORT" ""
PU=http://127.0.0.1:$PORT
PAGE="/fr/motions/$REF/results"
NGX=$TMP/nginx
mkdir -p "$NGX/html"
COLD=$(curl -s -o "$NGX/html/results.html" -w '%{http_code} %{time_total}' "$PU$PAGE")
[[ ${COLD% *} == 200 ]] || die "results page answered $COLD"
start_nginx "$NGX" "$PAGE" "" "location = $PAGE { try_files /results.html =404; }"
cmp -s <(curl -s --compressed "$NG$PAGE") <(curl -s --compressed "$PU$PAGE") || die "nginx and pumasi do not serve the same bytes"
REPORT=$BENCH_DIR/report.lua
N=$(run_wrk nginx-results "$NG$PAGE" "$REPORT" "$NGINX_PIDS")
S=$(run_wrk pumasi-results "$PU$PAGE" "$REPORT" "$SERVER_PID")
RATIO=$(awk -v a="$(field "$S" rps)" -v b="$(field "$N" rps)" 'BEGIN { printf "%.2f", a / b }')
say "## 2. Results page ($PAGE, $(kb "$(stat -c %s "$NGX/html/results.html")") KB) vs nginx"
say ""
say "First request (rendered, cache miss): $(awk -v t="${COLD#* }" 'BEGIN { printf "%.1f ms", t * 1000 }')."
say ""
say "| server | requests/s | p50 ms | p99 ms | errors |"
say "|---|---|---|---|---|"
say "| nginx | $(field "$N" rps) | $(ms "$(field "$N" p50_us)") | $(ms "$(field "$N" p99_us)") | $(errors "$N") |"
say "| pumasi | $(field "$S" rps) | $(ms "$(field "$S" p50_us)") | $(ms "$(field "$S" p99_us)") | $(errors "$S") |"
say ""
say "Pumasi ÷ nginx: **$RATIO** (target ≥ 0.5: $(pass "$RATIO" 0.5 ge))"
cat "$OUT"
