#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the (empty or existing) database of DATABASE_URL.
# Usage: scripts/restore.sh FILE.dump [MEDIA.tar.gz]
set -euo pipefail
cd "$(dirname "$0")/.."
dump=${1:?"Uso: scripts/restore.sh FILE.dump [MEDIA.tar.gz]"}
: "${DATABASE_URL:?Imposti DATABASE_URL}"
.venv/bin/python scripts/create_database.py
pg_restore --clean --if-exists --no-owner --exit-on-error --dbname "$DATABASE_URL" "$dump"
if [ -n "${2:-}" ]; then
  media=${MEDIA_ROOT:-media}
  mkdir -p "$media" && tar -C "$media" -xzf "$2"
fi
echo "Ripristino completato da $dump"
