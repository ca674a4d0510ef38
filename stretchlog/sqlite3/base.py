"""Django's SQLite backend, with the database file made readable by its owner only.

SQLite creates a new file with the process's umask (usually world-readable) and gives its
-wal and -shm files the same mode as the database, so creating the file first, mode 0600,
keeps all three private: people's journals are health data.
"""

import contextlib
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict):
        create_private(conn_params["database"])
        return super().get_new_connection(conn_params)


def create_private(name: str) -> None:
    """Create the database file, owner read and write only, unless it exists or is in memory."""
    if not name or name == ":memory:" or str(name).startswith("file:"):
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
