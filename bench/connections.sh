#!/usr/bin/env bash
# Pumasi idle-connections benchmark — see docs/BENCHMARKS.md, "Trust: idle connections".
#
#   cargo build --release -p pumasi && bash bench/connections.sh      (~1 minute)
#
# A demo hub on SQLite. wrk measures the cached home page (/en/, 64 connections, 10 s) alone,
# then again while a Python client holds BENCH_IDLE idle connections (default 2,000): it opens
# them, sends nothing, and opens a new one whenever the server closes one (the header timeout),
# so that many are held for the whole run. Prints requests/s and p99 of both runs and how many
# idle connections were open at the end of the loaded run. Only 127.0.0.1; everything started
# here is stopped on exit.
#
# Settings: BENCH_PUMASI_BIN (default target/release/pumasi), BENCH_IDLE (default 2000),
# BENCH_SECONDS (default 10), BENCH_KEEP=1 keeps the temporary directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_PUMASI_BIN:-$ROOT/target/release/pumasi}
IDLE=${BENCH_IDLE:-2000}
SECONDS_RUN=${BENCH_SECONDS:-10}
[ -x "$BIN" ] || { echo "build first: cargo build --release -p pumasi" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${BENCH_KEEP:-}" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cd "$WORK"
env -u PUMASI_DATABASE_URL -u DATABASE_URL PUMASI_LISTEN=127.0.0.1:$PORT PUMASI_LOG=warn \
  "$BIN" serve --demo > server.log 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/en/" >/dev/null

measure() {
  wrk -t2 -c64 -d"${SECONDS_RUN}s" --latency "http://127.0.0.1:$PORT/en/" > "wrk-$1.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "wrk-$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "wrk-$1.txt")
  echo "$rps $p99"
}

read -r RPS0 P990 < <(measure alone)

cat > hold.py <<PY
import socket, selectors, time, sys
port, want, until = $PORT, $IDLE, time.time() + $SECONDS_RUN + 5
sel = selectors.DefaultSelector()
open_now = 0
def connect():
    global open_now
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", port))
    except OSError:
        s.close(); return
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
    open_now += 1
while open_now < want:
    connect()
closed = 0
while time.time() < until:
    for key, _ in sel.select(timeout=0.2):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if not data:
            sel.unregister(s); s.close(); open_now -= 1; closed += 1
            connect()
    with open("held.txt", "w") as f:
        f.write(f"{open_now} {closed}\n")
PY
python3 hold.py &
PIDS+=($!)
for _ in $(seq 1 100); do
  [ -s held.txt ] && break
  sleep 0.1
done
read -r RPS1 P991 < <(measure held)
read -r HELD CLOSED < held.txt

echo "| run | requests/s | p99 |"
echo "|---|---|---|"
echo "| /en/ alone | $RPS0 | $P990 |"
echo "| /en/ beside $HELD idle connections held ($CLOSED closed by the header timeout and reopened) | $RPS1 | $P991 |"
