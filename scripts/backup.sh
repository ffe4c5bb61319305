#!/usr/bin/env bash
# Backup: the database (pg_dump, custom format) and the stored files (PDFs, validation documents).
# Usage: scripts/backup.sh DIR   (DATABASE_URL names the database; MEDIA_ROOT the files, default media/)
set -euo pipefail
# The dump holds password hashes and sessions: every file (and a new folder) for the owner only.
umask 077
cd "$(dirname "$0")/.."
dir=${1:?"Uso: scripts/backup.sh CARTELLA"}
: "${DATABASE_URL:?Imposti DATABASE_URL}"
mkdir -p "$dir"
stamp=$(date +%Y%m%d-%H%M%S)
pg_dump --format=custom --no-owner --file "$dir/performance-$stamp.dump" "$DATABASE_URL"
media=${MEDIA_ROOT:-media}
if [ -d "$media" ]; then tar -C "$media" -czf "$dir/media-$stamp.tar.gz" .; fi
chmod 600 "$dir"/*-"$stamp".*  # also when a dump tool ignores the umask
echo "$dir/performance-$stamp.dump"
