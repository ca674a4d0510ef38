"""`manage.py backup` and `restore`: a copy made while the app writes, brought back whole."""

import io
import json
import tarfile
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


def media_files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def test_a_backup_carries_the_media_and_a_restore_puts_them_back(tmp_path: Path, media_root):
    from journal import pictures
    from tests.test_pictures import image_bytes, upload

    picture = pictures.store(pictures.prepare(upload(image_bytes())), None)
    stretch = Stretch.objects.get(slug="sphinx")
    stretch.picture, stretch.picture_alt = picture, "A pose."
    stretch.picture_author, stretch.picture_licence = "Me", "own-work"
    stretch.save()
    before_rows, before_media = every_row(), media_files(media_root)
    assert len(before_media) == 2
    path = tmp_path / "site.tar"

    call_command("backup", str(path))
    assert path.stat().st_mode & 0o777 == 0o600
    with tarfile.open(path) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("stretchlog-backup.json"))
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert sorted(names) == sorted(
        ["stretchlog-backup.json", database, *(f"media/{name}" for name in before_media)]
    )
    assert manifest["format"] == 1 and manifest["media"] == 2

    # The worst case: the pictures' files are lost and the rows changed.
    for name in before_media:
        (media_root / name).unlink()
    Stretch.objects.filter(pk=stretch.pk).update(picture=None, picture_alt="")
    call_command("restore", str(path), "--yes")
    assert media_files(media_root) == before_media
    assert every_row() == before_rows


def test_a_backup_of_the_database_alone_still_restores(tmp_path: Path, media_root):
    """Backups made before media were kept are the database file on its own."""
    from journal.backup import _backup

    (media_root / "pictures").mkdir(parents=True)
    (media_root / "pictures" / "kept.webp").write_bytes(b"kept as it was")
    before = every_row()
    path = tmp_path / "old-backup.db"
    _backup(connection, path)
    make_user("added-after")

    out = io.StringIO()
    call_command("restore", str(path), "--yes", stdout=out)
    assert every_row() == before
    assert "made before pictures were kept" in out.getvalue()
    assert (media_root / "pictures" / "kept.webp").read_bytes() == b"kept as it was"


def test_a_restore_takes_no_file_from_outside_the_media(tmp_path: Path, media_root):
    """A backup altered to hold `media/../x`, an absolute name or a link: none is written."""
    path = tmp_path / "site.tar"
    call_command("backup", str(path))
    with tarfile.open(path, "a") as archive:
        for name in ["media/../escaped.txt", "media//etc/escaped.txt"]:
            info = tarfile.TarInfo(name)
            info.size = 4
            archive.addfile(info, io.BytesIO(b"evil"))
        link = tarfile.TarInfo("media/pictures/link.webp")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    call_command("restore", str(path), "--yes")
    assert media_files(media_root) == {}
    assert not (media_root.parent / "escaped.txt").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup at all, just some words long enough to fill a block " * 20)
    with pytest.raises(Exception, match="is not a Stretchlog backup"):
        call_command("restore", str(path), "--yes")
