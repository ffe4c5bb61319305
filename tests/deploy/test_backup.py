import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="pg_dump / pg_restore need PostgreSQL (CI runs on it)",
)
def test_a_backup_restores_into_a_new_database_with_the_same_rows():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    result = subprocess.run(
        ["bash", "scripts/test-backup-restore.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "backup-restore: OK" in result.stdout


def test_backup_files_are_readable_by_their_owner_only(tmp_path):
    """They hold password hashes and sessions. A stand-in pg_dump on the PATH, so no server is needed;
    the caller's umask is the permissive usual one."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "pg_dump"
    fake.write_text('#!/bin/sh\nwhile [ "$1" != "--file" ]; do shift; done; echo dump > "$2"\n')
    fake.chmod(0o755)
    media = tmp_path / "media"
    media.mkdir()
    (media / "relazione.pdf").write_text("pdf")
    out = tmp_path / "backups"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "DATABASE_URL": "postgres://x@127.0.0.1/x",
           "MEDIA_ROOT": str(media)}
    result = subprocess.run(["bash", "-c", 'umask 022; exec scripts/backup.sh "$0"', str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    files = sorted(out.iterdir())
    assert [f.name.split("-")[0] for f in files] == ["media", "performance"]
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in files), [oct(f.stat().st_mode) for f in files]
    assert out.stat().st_mode & 0o777 == 0o700
