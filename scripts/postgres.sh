#!/usr/bin/env bash
# ensure_postgres: sets DATABASE_URL to a PostgreSQL that answers, starting a throw-away cluster
# (initdb/pg_ctl as user postgres) when none runs on 127.0.0.1:5432. Source this file.

pg_bin() {
  for dir in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    [ -x "$dir/$1" ] && { echo "$dir/$1"; return 0; }
  done
  command -v "$1"
}

pg_answers() {  # host port
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -U postgres
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then return 0; fi
  if pg_answers 127.0.0.1 5432; then
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/lodrino_performance"
    return 0
  fi
  local port=54329 dir
  dir=$(mktemp -d /tmp/pg-ci.XXXXXX)
  chmod 755 "$dir"
  local as_postgres=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    as_postgres=(runuser -u postgres --)
  fi
  "${as_postgres[@]}" "$(pg_bin initdb)" -D "$dir/data" -U postgres -A trust >/dev/null
  "${as_postgres[@]}" "$(pg_bin pg_ctl)" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  PG_THROWAWAY_DIR="$dir"
  trap 'stop_postgres' EXIT
  DATABASE_URL="postgres://postgres@127.0.0.1:$port/lodrino_performance"
}

stop_postgres() {
  [ -n "${PG_THROWAWAY_DIR:-}" ] || return 0
  local as_postgres=()
  [ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)
  "${as_postgres[@]}" "$(pg_bin pg_ctl)" -D "$PG_THROWAWAY_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_THROWAWAY_DIR"
}
