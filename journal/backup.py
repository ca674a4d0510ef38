"""Backups of the whole database, consistent while the app keeps writing.

SQLite: `VACUUM INTO` writes a copy from one read transaction, and restoring uses SQLite's
online backup API, page by page into the live file. PostgreSQL: `pg_dump` reads from one
snapshot; `pg_restore --clean --single-transaction` puts it back all at once.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper


class BackupError(Exception):
    pass


def backup(connection: BaseDatabaseWrapper, path: Path) -> None:
    """Copy the database to `path`, a new file readable by its owner only (the process's umask
    is tightened while it is written, for VACUUM INTO and pg_dump alike)."""
    if path.exists():
        raise BackupError(f"{path} exists already; choose a new file.")
    previous = os.umask(0o077)
    try:
        _backup(connection, path)
    finally:
        os.umask(previous)


def _backup(connection: BaseDatabaseWrapper, path: Path) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
    elif connection.vendor == "postgresql":
        _run_postgres(connection, ["pg_dump", "--format=custom", "--no-owner", "--file", str(path)])
    else:
        raise BackupError(f"No backup for {connection.vendor} databases.")


def restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore drops and recreates the tables
        _run_postgres(
            connection,
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"],
            str(path),
        )
    else:
        raise BackupError(f"No restore for {connection.vendor} databases.")


def _run_postgres(connection: BaseDatabaseWrapper, command: list[str], *files: str) -> None:
    """Run a PostgreSQL client tool against the database Django is connected to."""
    settings = connection.settings_dict
    arguments = ["--dbname", settings["NAME"]]
    for option, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if settings.get(key):
            arguments += [option, str(settings[key])]
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    result = subprocess.run([*command, *arguments, *files], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
