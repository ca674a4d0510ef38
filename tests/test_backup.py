"""`manage.py backup` and `restore`: a copy made while the app writes, brought back whole."""

import threading
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection, connections, transaction

from journal.models import SessionEntry, SorenessCheckin, Stretch, StretchSession
from tests.conftest import make_user
from tests.test_today import add_history

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("library")]


def every_row() -> list[str]:
    """Each row of the journal, the library and the accounts, serialised and sorted."""
    from django.apps import apps

    rows = []
    for label in ["journal", "auth"]:
        for model in apps.get_app_config(label).get_models():
            rows += serializers.serialize("json", model.objects.order_by("pk")).split("}, {")
    return sorted(rows)


def test_a_backup_restores_every_row(tmp_path: Path):
    user = make_user("kept")
    add_history(user, user.profile.today(), 40)
    before = every_row()
    path = tmp_path / "backup.db"

    call_command("backup", str(path))
    SorenessCheckin.objects.all().delete()
    StretchSession.objects.filter(user=user).delete()
    make_user("added-after")
    assert every_row() != before

    call_command("restore", str(path), "--yes")
    assert every_row() == before


def test_a_backup_while_the_app_writes_is_consistent(tmp_path: Path):
    """Sessions are written with their entries in one transaction; the copy never holds a
    session without its two entries, whatever moment it was taken."""
    user = make_user("busy")
    stretch = Stretch.objects.first()

    def log_session() -> None:
        with transaction.atomic():
            session = StretchSession.objects.create(user=user, date=user.profile.today())
            SessionEntry.objects.bulk_create(
                [SessionEntry(session=session, stretch=stretch, reps=n) for n in (1, 2)]
            )

    log_session()
    stop = threading.Event()

    def write() -> None:
        try:
            while not stop.is_set():
                log_session()
                StretchSession.objects.filter(user=user).order_by("id").first().delete()
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        paths = [tmp_path / f"copy-{n}.db" for n in range(3)]
        for path in paths:
            call_command("backup", str(path))
    finally:
        stop.set()
        writer.join(timeout=30)

    for path in paths:
        call_command("restore", str(path), "--yes")
        sessions = StretchSession.objects.filter(user__username="busy").count()
        assert sessions >= 1
        assert SessionEntry.objects.filter(session__user__username="busy").count() == 2 * sessions


def test_backup_refuses_to_overwrite_a_file(tmp_path: Path):
    path = tmp_path / "exists.db"
    path.write_text("something")
    with pytest.raises(Exception, match="exists already"):
        call_command("backup", str(path))
    assert path.read_text() == "something"


def test_restore_needs_a_backup_file(tmp_path: Path):
    with pytest.raises(Exception, match="There is no backup"):
        call_command("restore", str(tmp_path / "missing.db"), "--yes")
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_backup_is_readable_by_its_owner_only(tmp_path: Path):
    path = tmp_path / "private.db"
    call_command("backup", str(path))
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path: Path):
    from tests.test_settings import run_manage

    database = tmp_path / "new.sqlite3"
    result = run_manage("migrate", "-v0", SECRET_KEY="x", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    for path in tmp_path.iterdir():  # the database and its -wal and -shm files
        assert path.stat().st_mode & 0o777 == 0o600, path.name
