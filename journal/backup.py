"""Backups of the whole site: the database, consistent while the app keeps writing, and the
media (the pictures uploaded for the library).

A backup is one tar file, readable by its owner only, holding:

- `stretchlog-backup.json`: what it is (format 1, the database's kind, when it was made);
- `database.sqlite3` or `database.pgdump`: the database. SQLite: `VACUUM INTO` writes a copy from
  one read transaction, and restoring uses SQLite's online backup API, page by page into the live
  file. PostgreSQL: `pg_dump` reads from one snapshot; `pg_restore --clean --single-transaction`
  puts it back all at once;
- `media/...`: every file of the media storage, read through Django's storage API, so a bucket
  on several hosts is backed up the same way as a folder.

The database is copied first and the media after it: a picture is stored before any row names
it and is never deleted, so every picture the database copy names is in the backup. Restoring
puts the media back first (files the storage lacks; a name always means the same content), then
the database, so a restore that fails part-way leaves the database as it was.

A backup made before media were kept (the database file alone) is still restored: the database,
with the media left as they are.
"""

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db.backends.base.base import BaseDatabaseWrapper

MANIFEST = "stretchlog-backup.json"
FORMAT = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media/"
# The first bytes of a database file on its own: the backups made before media were kept.
OLD_BACKUP_HEADERS = (b"SQLite format 3\x00", b"PGDMP")


class BackupError(Exception):
    pass


def backup(connection: BaseDatabaseWrapper, path: Path, storage: Storage = default_storage) -> int:
    """Write the database and the media to `path`, a new file readable by its owner only (the
    process's umask is tightened meanwhile, for VACUUM INTO and pg_dump alike). Returns how many
    media files it holds."""
    if path.exists():
        raise BackupError(f"{path} exists already; choose a new file.")
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"No backup for {connection.vendor} databases.")
    previous = os.umask(0o077)
    try:
        with tempfile.TemporaryDirectory(dir=path.parent) as work:
            database = Path(work) / DATABASE_FILES[connection.vendor]
            _backup(connection, database)
            names = media_names(storage)
            manifest = {
                "format": FORMAT,
                "database": connection.vendor,
                "made": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "media": len(names),
            }
            with tarfile.open(path, "x") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
                archive.add(database, arcname=database.name)
                for name in names:
                    info = tarfile.TarInfo(MEDIA + name)
                    info.size = storage.size(name)
                    info.mode = 0o600
                    with storage.open(name, "rb") as file:
                        archive.addfile(info, file)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        os.umask(previous)
    return len(names)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def media_names(storage: Storage, folder: str = "") -> list[str]:
    """Every file in the media storage, by name; none when it has no folder yet."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += media_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _backup(connection: BaseDatabaseWrapper, path: Path) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
    else:
        _run_postgres(connection, ["pg_dump", "--format=custom", "--no-owner", "--file", str(path)])


def is_database_alone(path: Path) -> bool:
    """A backup from before media were kept: the database file on its own."""
    with path.open("rb") as file:
        return file.read(16).startswith(OLD_BACKUP_HEADERS)


def restore(
    connection: BaseDatabaseWrapper, path: Path, storage: Storage = default_storage
) -> int | None:
    """Put back the media and then the database from `path`. Returns how many media files were
    added to the storage, or None for a backup of the database alone."""
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"No restore for {connection.vendor} databases.")
    if is_database_alone(path):
        _restore(connection, path)
        return None
    try:
        with tarfile.open(path) as archive, tempfile.TemporaryDirectory() as work:
            return _restore_archive(connection, archive, Path(work), path, storage)
    except tarfile.TarError:
        raise BackupError(f"{path} is not a Stretchlog backup, or it is damaged.") from None


def _restore_archive(
    connection: BaseDatabaseWrapper,
    archive: tarfile.TarFile,
    work: Path,
    path: Path,
    storage: Storage,
) -> int:
    manifest = _manifest(archive, path)
    if manifest.get("database") != connection.vendor:
        raise BackupError(
            f"{path} holds a {manifest.get('database')} database; this site runs on "
            f"{connection.vendor}. Restore it into the same kind of database."
        )
    database = work / DATABASE_FILES[connection.vendor]
    _extract(archive, DATABASE_FILES[connection.vendor], database, path)
    added = _restore_media(archive, storage)
    _restore(connection, database)
    return added


def _manifest(archive: tarfile.TarFile, path: Path) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, AttributeError, ValueError):
        raise BackupError(f"{path} is not a Stretchlog backup.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} was made by a newer Stretchlog; restore it with that one.")
    return manifest


def _extract(archive: tarfile.TarFile, name: str, target: Path, path: Path) -> None:
    try:
        source = archive.extractfile(name)
    except KeyError:
        source = None
    if source is None:
        raise BackupError(f"{path} holds no database.")
    previous = os.umask(0o077)
    try:
        with source, target.open("xb") as out:
            shutil.copyfileobj(source, out)
    finally:
        os.umask(previous)


def media_name(member: tarfile.TarInfo) -> str | None:
    """The storage name of a media file in a backup, or None for anything else: a folder, a
    link, or a name that would climb out of the media (`..`, an absolute path)."""
    if not member.isfile() or not member.name.startswith(MEDIA):
        return None
    name = PurePosixPath(member.name[len(MEDIA) :])
    if name.is_absolute() or not name.parts or ".." in name.parts:
        return None
    return str(name)


def _restore_media(archive: tarfile.TarFile, storage: Storage) -> int:
    added = 0
    for member in archive:
        name = media_name(member)
        if name is None or storage.exists(name):
            continue
        saved = storage.save(name, File(archive.extractfile(member), name=name))
        if saved != name:
            storage.delete(saved)
            raise BackupError(f"The media storage would not take {name} under its own name.")
        added += 1
    return added


def _restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()  # pg_restore drops and recreates the tables
        _run_postgres(
            connection,
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"],
            str(path),
        )


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
