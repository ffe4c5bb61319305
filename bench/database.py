"""A fresh database for one benchmark run: PostgreSQL when one answers (as in production),
otherwise a temporary SQLite file. Dropped at the end."""

import contextlib
import os
import socket
import tempfile
import uuid


def _postgres_answers(host="127.0.0.1", port=5432):
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


@contextlib.contextmanager
def fresh_database():
    """Sets DATABASE_URL to a new, migrated database, sets Django up, yields a description."""
    import django

    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    if base.startswith("postgres") or (not base and _postgres_answers()):
        server = base.rsplit("/", 1)[0] if base else "postgres://postgres@127.0.0.1:5432"
        os.environ["DATABASE_URL"] = f"{server}/{name}"
        kind = "postgresql"
    else:
        path = os.path.join(tempfile.mkdtemp(prefix="bench-db-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        kind = "sqlite"
    os.environ["CONN_MAX_AGE"] = "0"
    if kind == "postgresql":
        _admin(server, f'CREATE DATABASE "{name}"')
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        yield kind
    finally:
        from django.db import connections

        connections.close_all()
        if kind == "postgresql":
            _admin(server, f'DROP DATABASE IF EXISTS "{name}"')


def _admin(server, statement):
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(f"{server}/postgres")
    connection = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
        host=config["HOST"], port=config["PORT"] or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()
