#!/usr/bin/env bash
# Start Debian's redis-server (installing it if missing) on 127.0.0.1 for the tests or a
# development machine, and print the REDIS_URL. Everything but the URL goes to stderr.
# The instance is our own (not the system service): no persistence, 6379 if that port is
# free, another free port otherwise; a later call reuses it while it runs.
# Usage: scripts/redis.sh            Stop it: scripts/redis.sh stop
set -euo pipefail
state="${LAPOR_REDIS_DIR:-/tmp/lapor-redis}"
mkdir -p "$state"
cd /

running_url() {
    [ -s "$state/port" ] && [ -s "$state/redis.pid" ] || return 1
    kill -0 "$(cat "$state/redis.pid")" 2>/dev/null || return 1
    [ "$(redis-cli -h 127.0.0.1 -p "$(cat "$state/port")" ping 2>/dev/null)" = "PONG" ] || return 1
    echo "redis://127.0.0.1:$(cat "$state/port")/0"
}

if [ "${1:-}" = "stop" ]; then
    if [ -s "$state/redis.pid" ] && kill -0 "$(cat "$state/redis.pid")" 2>/dev/null; then
        pid="$(cat "$state/redis.pid")"
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$state/port" "$state/redis.pid"
    exit 0
fi

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
fi

if url="$(running_url)"; then
    echo "$url"
    exit 0
fi

# As redis-server binds (SO_REUSEADDR): a port whose last connections wait in TIME_WAIT, after a
# restart, is free.
port_is_free() {
    python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}
if port_is_free 6379; then
    port=6379
else
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
fi

redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --protected-mode yes \
    --pidfile "$state/redis.pid" --logfile "$state/redis.log" --dir "$state" \
    --save "" --appendonly no --maxmemory 256mb --maxmemory-policy allkeys-lru >&2
for _ in $(seq 1 50); do
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] && break
    sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$port" ping >&2
echo "$port" > "$state/port"
echo "redis://127.0.0.1:$port/0"
