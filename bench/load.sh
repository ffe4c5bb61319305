#!/usr/bin/env bash
# `make load`: serves the app as in production (scripts/serve.sh) on a fresh PostgreSQL database,
# prepares 20 responsabili and a published Relazione, runs bench/load.py, then cleans up.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
unset DATABASE_URL
ensure_postgres
server=${DATABASE_URL%/*}
export DATABASE_URL="$server/load_$$"
export PORT=${LOAD_PORT:-8765} LOAD_URL="http://127.0.0.1:${LOAD_PORT:-8765}"
log=$(mktemp)
bash scripts/serve.sh >"$log" 2>&1 &
serve_pid=$!
cleanup() {
  pkill -TERM -P "$serve_pid" 2>/dev/null || true; kill "$serve_pid" 2>/dev/null || true; sleep 2
  pkill -f "gunicorn lodrino_performance.wsgi --bind 127.0.0.1:$PORT" 2>/dev/null || true
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS \"${DATABASE_URL##*/}\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -f "$log"; stop_postgres
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$LOAD_URL/" 2>/dev/null && break
  sleep 1
done
curl -fsS -o /dev/null "$LOAD_URL/" || { cat "$log"; exit 1; }
export DEBUG=0 SECRET_KEY=$(cat .secret_key) ALLOWED_HOSTS=127.0.0.1,localhost
.venv/bin/python bench/load_setup.py | .venv/bin/python bench/load.py
