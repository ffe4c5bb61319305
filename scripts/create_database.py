"""Creates the PostgreSQL database named in DATABASE_URL when it does not exist yet."""

import os
import sys

import dj_database_url
import psycopg2
from psycopg2 import sql

config = dj_database_url.parse(os.environ["DATABASE_URL"])
if "postgresql" not in config["ENGINE"]:
    sys.exit(0)
connection = psycopg2.connect(
    dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
    host=config["HOST"] or None, port=config["PORT"] or None,
)
connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
    if cursor.fetchone() is None:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        print(f"Creato il database {config['NAME']}.")
connection.close()
