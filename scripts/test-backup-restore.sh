#!/usr/bin/env bash
# Proves that a backup restores: loads the demo into a scratch database, backs it up, restores it
# into a second database, and compares every table's row count. Needs PostgreSQL (as .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
unset DATABASE_URL
ensure_postgres
base=${DATABASE_URL%/*}
work=$(mktemp -d)
trap 'rm -rf "$work"; stop_postgres' EXIT
source_db="$base/backup_test_source_$$"
target_db="$base/backup_test_target_$$"

DEBUG=1 DATABASE_URL=$source_db .venv/bin/python scripts/create_database.py
DEBUG=1 DATABASE_URL=$source_db .venv/bin/python manage.py migrate -v0
DEBUG=1 DATABASE_URL=$source_db .venv/bin/python manage.py load_demo >/dev/null
dump=$(DATABASE_URL=$source_db MEDIA_ROOT="$work/no-media" scripts/backup.sh "$work")
DATABASE_URL=$target_db scripts/restore.sh "$dump" >/dev/null

count_rows() {
  DEBUG=1 DATABASE_URL=$1 .venv/bin/python - <<'PY'
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodrino_performance.settings")
django.setup()
from django.apps import apps
for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
    print(model._meta.label, model._default_manager.count())
PY
}
if diff <(count_rows "$source_db") <(count_rows "$target_db"); then
  echo "backup-restore: OK, stesse righe in ogni tabella"
else
  echo "backup-restore: le tabelle differiscono" >&2; exit 1
fi
for db in "$source_db" "$target_db"; do
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS \"${db##*/}\"" >/dev/null
done
