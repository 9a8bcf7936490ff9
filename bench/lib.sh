# Shared by bench/run.sh and bench/events.sh (sourced, not run): the temporary directory and
# private copy of the server, cleanup of every process started, free ports, starting and
# stopping pumasi, wrk runs with server CPU time, and the helpers of the Markdown summary.
# The caller sets ROOT, BENCH_DIR, BIN, PG_HOST, WRK_ARGS and LOG_TAG before sourcing it.
# shellcheck shell=bash

# Nothing from the caller's environment may point Pumasi at another database or port.
unset DATABASE_URL
while read -r v; do unset "$v"; done < <(compgen -e | grep '^PUMASI_' || true)
export PUMASI_LOG=warn

log() { printf '[%s %s] %s\n' "$LOG_TAG" "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# bench_tmp NAME: creates $TMP (/tmp/NAME.XXXXXX), copies the server into it (a concurrent
# `cargo build --release` must not swap the binary mid-run: BIN then names the copy, BIN_ORIG
# and BIN_BUILT the original) and arms the cleanup.
bench_tmp() {
  TMP=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$TMP" # nginx workers (user nobody) must reach the document root
  BIN_BUILT=$(stat -c %y "$BIN" | cut -d. -f1)
  cp "$BIN" "$TMP/pumasi"
  BIN_ORIG=$BIN
  BIN=$TMP/pumasi
  PIDS=()
  PG_DB=""
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  OUT=$TMP/summary.md
}

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [[ -n $PG_DB ]]; then
    psql -h "$PG_HOST" -U postgres -qc "drop database if exists $PG_DB" >/dev/null 2>&1 || true
  fi
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit $rc
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_pumasi DIR PORT DATABASE_URL [serve args…]: serves from DIR (its ./pumasi-data for mail);
# an empty DATABASE_URL means the default SQLite file there. Sets SERVER_PID.
start_pumasi() {
  local dir=$1 port=$2 db=$3
  shift 3
  (cd "$dir" && PUMASI_DATABASE_URL=$db PUMASI_LISTEN=127.0.0.1:$port exec "$BIN" serve "$@") >"$dir/serve.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$dir/serve.log" >&2; die "pumasi serve exited"; }
    sleep 0.1
  done
  die "pumasi did not answer /healthz on port $port within 60 s"
}

# forget PID: no longer stopped by cleanup.
forget() {
  local rest=() p
  for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || rest+=("$p"); done
  PIDS=("${rest[@]}")
}
# stop PID: Ctrl-C (pumasi and nginx shut down on SIGINT), then KILL after 10 s; forgets PID.
stop() {
  local pid=$1
  forget "$pid"
  kill -INT "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# field LINE KEY: the value of KEY=… in a "BENCH…" line (report.lua, mix.lua, registration_burst).
field() { sed -n "s/.* $2=\\([^ ]*\\).*/\\1/p" <<<"$1"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m { print $2 }'; }

# cpu_ticks PID…: user+system CPU time of the processes, in clock ticks.
cpu_ticks() {
  local t=0 p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] && t=$((t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$t"
}
HZ=$(getconf CLK_TCK)

# run_wrk NAME URL SCRIPT "SERVER PIDS" [more wrk arguments…]: runs wrk, keeps its output in
# $TMP/wrk-NAME.txt, echoes the BENCH line plus cpu_us (server CPU time per request).
run_wrk() {
  local name=$1 url=$2 script=$3 pids=$4 c0 c1 line
  shift 4
  log "wrk ${WRK_ARGS[*]} $* $url ($name)"
  # shellcheck disable=SC2086
  c0=$(cpu_ticks $pids)
  wrk "${WRK_ARGS[@]}" "$@" -s "$script" "$url" >"$TMP/wrk-$name.txt" 2>&1 || { cat "$TMP/wrk-$name.txt" >&2; die "wrk failed"; }
  # shellcheck disable=SC2086
  c1=$(cpu_ticks $pids)
  line=$(grep '^BENCH ' "$TMP/wrk-$name.txt")
  echo "$line cpu_us=$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v n="$(field "$line" requests)" 'BEGIN { printf "%d", t * 1e6 / hz / n }') "
}
errors() { echo $(($(field "$1" err_status) + $(field "$1" err_connect) + $(field "$1" err_read) + $(field "$1" err_write) + $(field "$1" err_timeout))); }

pass() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? (v <= t) : (v >= t); print ok ? "met" : "**missed**" }'; }

say() { printf '%s\n' "$*" >>"$OUT"; }

# idle_pct SECONDS: share of all CPUs left idle by everything on the machine over SECONDS.
idle_pct() {
  local a b
  a=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  sleep "$1"
  b=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%d", 100 * (y[1] - x[1]) / (y[2] - x[2]) }'
}

# start_nginx DIR FIRST_PATH HTTP_EXTRA LOCATIONS: serves DIR/html on a free port with one
# worker, gzip level 6 and long keep-alive (the static baseline every comparison uses); HTTP_EXTRA
# goes in the http block (a map…), LOCATIONS in the server block. Waits until FIRST_PATH answers.
# Sets NG (base URL), NGINX_PID and NGINX_PIDS (master and workers, for CPU time).
start_nginx() {
  local dir=$1 first=$2 extra=$3 locations=$4 port
  chmod -R a+rX "$dir"
  port=$(free_port)
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  gzip on;
  gzip_comp_level 6;
  $extra
  server {
    listen 127.0.0.1:$port;
    root $dir/html;
    $locations
  }
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  NG=http://127.0.0.1:$port
  for _ in $(seq 100); do curl -sf "$NG$first" >/dev/null 2>&1 && break; sleep 0.1; done
  NGINX_PIDS="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
}

