#!/usr/bin/env bash
# Production mode on this machine: gunicorn with DEBUG off, WhiteNoise static files (compressed,
# hashed names), PostgreSQL from DATABASE_URL and the task worker that renders the PDFs.
# DEMO=1 loads the Lodrino demo first. HTTPS belongs to the web server in front (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh

export DEBUG=0
if [ -z "${SECRET_KEY:-}" ]; then
  # A key of this installation, made once and kept out of git.
  [ -s .secret_key ] || { umask 077; .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))' > .secret_key; }
  SECRET_KEY=$(cat .secret_key)
  export SECRET_KEY
fi
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
# Plain HTTP on the loopback address: the secure-cookie and redirect settings stay on in a real
# deployment, where the web server in front terminates TLS.
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0}
export SESSION_COOKIE_SECURE=${SESSION_COOKIE_SECURE:-0}
export CSRF_COOKIE_SECURE=${CSRF_COOKIE_SECURE:-0}
export TASKS_BACKEND=${TASKS_BACKEND:-database}
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
PORT=${PORT:-8000}

if [ -z "${DATABASE_URL:-}" ]; then
  pg_answers 127.0.0.1 5432 || { echo "Nessun PostgreSQL su 127.0.0.1:5432: imposti DATABASE_URL." >&2; exit 1; }
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/lodrino_performance"
fi
.venv/bin/python scripts/create_database.py
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v0
if [ "${DEMO:-0}" = "1" ]; then
  .venv/bin/python manage.py load_demo --force
fi

.venv/bin/python manage.py db_worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Servizio su http://127.0.0.1:${PORT}/ (gunicorn, ${WEB_CONCURRENCY:-3} processi) con il worker dei PDF."
.venv/bin/gunicorn lodrino_performance.wsgi \
  --bind "127.0.0.1:${PORT}" --workers "${WEB_CONCURRENCY:-3}" --threads "${GUNICORN_THREADS:-4}" \
  --timeout 60 --access-logfile - --error-logfile -
