#!/usr/bin/env bash
# Pumasi search benchmark — see docs/BENCHMARKS.md, "Search".
#
#   cargo build --release -p pumasi --bins && cargo build --release -p pumasi-search --examples \
#     && bash bench/search.sh                                                  (~6 minutes)
#
# 1. Query latency and relevance: 100,000 generated multilingual documents plus the 81 of the
#    labelled relevance set, indexed by Pumasi (tantivy) and by PostgreSQL full-text search
#    (tsvector + GIN, ts_rank_cd; 'simple' for Korean, language configurations for the others);
#    the same 200 mixed queries on both (p50/p99), recall@10 and MRR on the labelled queries
#    (crates/search/examples/search_bench.rs). Needs PostgreSQL at 127.0.0.1:5432 (user postgres).
# 2. Full reindex from the database: the demo plus 100,000 generated organisations imported into
#    SQLite, then `pumasi search reindex` timed; index size on disk.
# 3. The search page (/en/search?q=cooperative on that hub) vs nginx serving the same bytes.
#
# Prints a Markdown summary on standard output and progress on standard error; everything runs
# in a fresh temporary directory on 127.0.0.1 and every server started is stopped on exit.
#
# Settings (all optional):
#   BENCH_PUMASI_BIN   the server (default: target/release/pumasi)
#   BENCH_SEARCH_BIN   the query benchmark (default: target/release/examples/search_bench)
#   BENCH_DOCS         generated documents (default 100000)
#   BENCH_PG_URL       PostgreSQL URL (default postgres://postgres@127.0.0.1:5432/test)
#   BENCH_KEEP=1       keep the temporary directory
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=$ROOT/bench
BIN=${BENCH_PUMASI_BIN:-$ROOT/target/release/pumasi}
SEARCH_BIN=${BENCH_SEARCH_BIN:-$ROOT/target/release/examples/search_bench}
DOCS=${BENCH_DOCS:-100000}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
PG_HOST=127.0.0.1
WRK_ARGS=(-t2 -c64 -d10s --latency -H 'Accept-Encoding: gzip')
LOG_TAG=search-bench
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

for tool in wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y wrk nginx)"
done
[[ -x $BIN ]] || die "$BIN not found: cargo build --release -p pumasi --bins"
[[ -x $SEARCH_BIN ]] || die "$SEARCH_BIN not found: cargo build --release -p pumasi-search --examples"
bench_tmp pumasi-search-bench
log "temporary directory $TMP"

say "# Pumasi search benchmark run"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
say "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
say "- machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -h | awk '/^Mem:/ { print $2 }') RAM, $(. /etc/os-release && echo "$PRETTY_NAME")"
say "- PostgreSQL: $(psql "$PG_URL" -Atc 'show server_version' 2>/dev/null || echo '?')"
say ""

# 1. Queries: Pumasi vs PostgreSQL FTS on the same documents in the same run.
log "1. $DOCS generated documents: Pumasi vs PostgreSQL full-text search"
PUMASI_BENCH_DOCS=$DOCS "$SEARCH_BIN" "$PG_URL" >"$TMP/queries.txt" 2>&1 || { cat "$TMP/queries.txt" >&2; die "search_bench failed"; }
say "## 1. 200 mixed queries over $DOCS generated + 81 labelled documents"
say ""
say '```'
cat "$TMP/queries.txt" >>"$OUT"
say '```'
say ""

# 2. Full reindex from the database.
log "2. demo + $DOCS organisations, then pumasi search reindex"
P=$TMP/hub
mkdir -p "$P"
python3 "$BENCH_DIR/gen_csv.py" orgs "$DOCS" "$TMP/orgs.csv"
(cd "$P" && "$BIN" demo >demo.log 2>&1)
T0=$(date +%s.%N)
(cd "$P" && "$BIN" import members "$TMP/orgs.csv" >import.log 2>&1) || { tail -5 "$P/import.log" >&2; die "import failed"; }
T1=$(date +%s.%N)
(cd "$P" && "$BIN" search reindex >reindex.log 2>&1) || { cat "$P/reindex.log" >&2; die "reindex failed"; }
T2=$(date +%s.%N)
REINDEX=$(awk -v a="$T1" -v b="$T2" 'BEGIN { printf "%.1f", b - a }')
IMPORT=$(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", b - a }')
SIZE=$(du -sb "$P/pumasi-data/search" | cut -f1)
say "## 2. Full reindex from the database"
say ""
say "| what | value | target |"
say "|---|---|---|"
say "| documents | $(sed -n 's/.*: \([0-9]*\) documents.*/\1/p' "$P/reindex.log") ($(tr -d '\r' <"$P/reindex.log" | tail -1)) | |"
say "| \`pumasi search reindex\` wall time (whole process: open, read the database, index, commit) | ${REINDEX} s | ≤ 60 s ($(pass "$REINDEX" 60 le)) |"
say "| index size on disk | $(awk -v b="$SIZE" 'BEGIN { printf "%.1f MB", b / 1e6 }') | recorded |"
say "| (import of the $DOCS organisations, for reference) | ${IMPORT} s | |"
say ""

# 3. The search page vs nginx.
log "3. /en/search vs nginx"
PORT=$(free_port)
start_pumasi "$P" "$PORT" ""
PU=http://127.0.0.1:$PORT
QUERY="/en/search?q=cooperative"
NGX=$TMP/nginx
mkdir -p "$NGX/html"
COLD=$(curl -s -o "$NGX/html/search.html" -w '%{http_code} %{time_total}' "$PU$QUERY")
[[ ${COLD% *} == 200 ]] || die "search page answered $COLD"
start_nginx "$NGX" "$QUERY" "" "location = /en/search { try_files /search.html =404; }"
cmp -s <(curl -s --compressed "$NG$QUERY") <(curl -s --compressed "$PU$QUERY") || die "nginx and pumasi do not serve the same bytes"
REPORT=$BENCH_DIR/report.lua
N=$(run_wrk nginx-search "$NG$QUERY" "$REPORT" "$NGINX_PIDS")
S=$(run_wrk pumasi-search "$PU$QUERY" "$REPORT" "$SERVER_PID")
RATIO=$(awk -v a="$(field "$S" rps)" -v b="$(field "$N" rps)" 'BEGIN { printf "%.2f", a / b }')
say "## 3. Search page ($QUERY, $(grep -o 'id="result-count">[^<]*' "$NGX/html/search.html" | cut -d'>' -f2)) vs nginx"
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
