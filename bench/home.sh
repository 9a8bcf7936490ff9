#!/usr/bin/env bash
# The home page (English and Korean, demo data) served by Pumasi vs nginx sending the same
# compressed bytes (gzip_static) — the figure of the issue "Usable by the people it is for": ≥ 0.5× nginx — and its
# compressed size (≤ 30 KB). See docs/BENCHMARKS.md.
#
#   cargo build --release -p pumasi && bash bench/home.sh          (~1 minute)
#
# Prints a Markdown summary on standard output and progress on standard error; runs in a fresh
# temporary directory, only on 127.0.0.1; every server started here is stopped on exit.
# Needs wrk, nginx, python3, curl. BENCH_PUMASI_BIN names another binary; BENCH_KEEP=1 keeps
# the temporary directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$ROOT/bench
BIN=${BENCH_PUMASI_BIN:-$ROOT/target/release/pumasi}
PG_HOST=127.0.0.1
WRK_ARGS=(-t2 -c64 -d10s --latency -H 'Accept-Encoding: gzip')
LOG_TAG=home
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

for tool in wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y wrk nginx)"
done
[[ -x $BIN ]] || die "$BIN not found: run cargo build --release -p pumasi first"
bench_tmp pumasi-home

say "# Home page vs nginx"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
say "- machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -h | awk '/^Mem:/ { print $2 }') RAM"
say "- wrk: \`wrk ${WRK_ARGS[*]:0:4} -H 'Accept-Encoding: gzip'\`, 127.0.0.1; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say ""

D=$TMP/demo
mkdir -p "$D"
(cd "$D" && "$BIN" demo >demo.log 2>&1)
PORT=$(free_port)
start_pumasi "$D" "$PORT" "" --demo
PU=http://127.0.0.1:$PORT
NGX=$TMP/nginx
mkdir -p "$NGX/html"
for l in en ko; do
  code=$(curl -s -o "$NGX/html/home-$l.html" -w '%{http_code}' "$PU/$l/")
  [[ $code == 200 ]] || die "/$l/ answered $code"
  # nginx sends the very bytes Pumasi sends, compressed once beforehand (gzip_static), so
  # neither server compresses per request.
  curl -s -H 'Accept-Encoding: gzip' -o "$NGX/html/home-$l.html.gz" "$PU/$l/"
done
start_nginx "$NGX" /en/ "gzip_static on;" "location = /en/ { try_files /home-en.html =404; }
    location = /ko/ { try_files /home-ko.html =404; }"
REPORT=$BENCH_DIR/report.lua
say "| page | server | requests/s | p50 ms | p99 ms | server CPU/request | gzip bytes | errors |"
say "|---|---|---:|---:|---:|---:|---:|---:|"
RATIOS=()
for l in en ko; do
  cmp -s <(curl -s -H 'Accept-Encoding: gzip' "$NG/$l/") <(curl -s -H 'Accept-Encoding: gzip' "$PU/$l/") ||
    die "nginx and pumasi do not send the same bytes for /$l/"
  GZ=$(curl -s -H 'Accept-Encoding: gzip' "$PU/$l/" | wc -c)
  N=$(run_wrk "nginx-$l" "$NG/$l/" "$REPORT" "$NGINX_PIDS")
  P=$(run_wrk "pumasi-$l" "$PU/$l/" "$REPORT" "$SERVER_PID")
  for pair in "nginx:$N" "**pumasi**:$P"; do
    line=${pair#*:}
    say "| /$l/ | ${pair%%:*} | $(field "$line" rps) | $(ms "$(field "$line" p50_us)") | $(ms "$(field "$line" p99_us)") | $(field "$line" cpu_us) µs | $GZ | $(errors "$line") |"
  done
  RATIOS+=("/$l/ $(awk -v a="$(field "$P" rps)" -v b="$(field "$N" rps)" 'BEGIN { printf "%.2f", a / b }') $GZ")
done
say ""
say "| page | requests/s pumasi ÷ nginx (target ≥ 0.5) | compressed size (target ≤ 30 KB) |"
say "|---|---:|---:|"
for r in "${RATIOS[@]}"; do
  read -r page ratio gz <<<"$r"
  say "| $page | $ratio ($(pass "$ratio" 0.5 ge)) | $(kb "$gz") KB ($(pass "$gz" 30720 le)) |"
done
cat "$OUT"
