"""A full or read-only disk: the person keeps what they typed, and the health check fails.
Any other database fault is a server error that names it, and `migrate` alone makes every
table the site needs."""

import contextlib
import logging
import sqlite3
from collections.abc import Iterator

import psycopg.errors
import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from journal.middleware import refused_write
from journal.models import SorenessCheckin
from tests.test_accounts import signup_data

NOTE = "Stiff after the long drive <b>home</b>"


def refuse_writes(execute, sql, params, many, context):
    """What SQLite answers on a full disk, for every statement that would write."""
    if sql.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
        raise OperationalError("database or disk is full")
    return execute(sql, params, many, context)


@contextlib.contextmanager
def disk_full():
    with connection.execute_wrapper(refuse_writes):
        yield


def checkin_data(today) -> dict:
    return {"date": today.isoformat(), "soreness": "6", "note": NOTE, "numbness": "on"}


def test_a_checkin_on_a_full_disk_says_not_saved_and_keeps_what_was_typed(
    alice_client, alice, today
):
    with disk_full():
        response = alice_client.post(reverse("checkin_create"), checkin_data(today))
    assert response.status_code == 503
    text = response.text
    assert "Not saved yet" in text and "nothing you typed is lost" in text
    # What was typed is on the page, escaped, and in the form that sends it again.
    assert "Stiff after the long drive &lt;b&gt;home&lt;/b&gt;" in text
    assert 'name="note" value="Stiff after the long drive &lt;b&gt;home&lt;/b&gt;"' in text
    assert 'name="soreness" value="6"' in text and 'name="numbness" value="on"' in text
    assert f'action="{reverse("checkin_create")}"' in text
    assert not SorenessCheckin.objects.exists()

    # Sent again once the disk has room, it is saved as typed.
    again = alice_client.post(reverse("checkin_create"), checkin_data(today))
    assert again.status_code == 302
    assert alice.checkins.get().note == NOTE


def test_with_htmx_the_page_replaces_the_body(alice_client, today):
    with disk_full():
        response = alice_client.post(
            reverse("checkin_create"), checkin_data(today), HTTP_HX_REQUEST="true"
        )
    # htmx swaps only successful answers.
    assert response.status_code == 200
    assert response["HX-Retarget"] == "body" and response["HX-Reswap"] == "innerHTML"
    assert "Not saved yet" in response.text


def test_a_bug_is_still_a_server_error(alice, today, monkeypatch):
    from journal.views import journal

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(journal, "checkin_saved", broken)
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    assert client.post(reverse("checkin_create"), checkin_data(today)).status_code == 500


def test_the_health_check_writes_and_fails_when_it_cannot(client, db):
    assert client.get(reverse("health")).content == b"ok"
    with disk_full():
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.content == b"the database cannot be written"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("message", ["attempt to write a readonly database", "disk I/O error"])
def test_a_read_only_disk_is_answered_the_same_way(alice_client, today, message):
    def read_only(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(read_only):
        response = alice_client.post(reverse("checkin_create"), checkin_data(today))
    assert response.status_code == 503 and "Not saved yet" in response.text


@pytest.fixture
def request_log(caplog):
    """What the django.request logger writes (it does not pass its records up to the root)."""
    logger = logging.getLogger("django.request")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def raised_from(cause: Exception) -> OperationalError:
    """A Django database error raised from a driver's, as Django raises them."""
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


def postgresql_error(sqlstate: str) -> OperationalError:
    """What psycopg raises for the SQLSTATE (its class for that code, which carries it)."""
    return raised_from(psycopg.errors.lookup(sqlstate)("what the server said"))


def sqlite_error(code: int) -> OperationalError:
    cause = sqlite3.OperationalError("what SQLite said")
    cause.sqlite_errorcode = code
    return raised_from(cause)


@pytest.mark.parametrize("sqlstate", ["53100", "25006", "58030", "55P03", "40P01", "40001"])
def test_postgresql_refusing_a_write_is_a_refused_write(sqlstate):
    assert refused_write(postgresql_error(sqlstate))


@pytest.mark.parametrize(
    "sqlstate",
    [
        "42P01",  # undefined table: the migrations were not run
        "42601",  # syntax error
        "08006",  # connection failure
        "57P01",  # the server is shutting down
        "28P01",  # wrong password
    ],
)
def test_other_postgresql_errors_are_not(sqlstate):
    assert not refused_write(postgresql_error(sqlstate))


@pytest.mark.parametrize(
    ("code", "refused"),
    [
        (sqlite3.SQLITE_FULL, True),
        (sqlite3.SQLITE_READONLY, True),
        (1032, True),  # SQLITE_READONLY_DBMOVED, an extended code
        (sqlite3.SQLITE_IOERR, True),
        (778, True),  # SQLITE_IOERR_WRITE
        (sqlite3.SQLITE_BUSY, True),  # the busy timeout ran out
        (sqlite3.SQLITE_ERROR, False),  # no such table, a syntax error
        (sqlite3.SQLITE_CANTOPEN, False),
        (sqlite3.SQLITE_CORRUPT, False),
    ],
)
def test_sqlite_result_codes(code, refused):
    assert refused_write(sqlite_error(code)) is refused


def test_sqlite_drivers_own_errors(tmp_path):
    path = tmp_path / "journal.db"
    sqlite3.connect(path).execute("CREATE TABLE note (text)")
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for statement, refused in [
        ("INSERT INTO note VALUES ('stiff')", True),
        ("SELECT * FROM stretchlog_limits", False),
        ("SELEC 1", False),
    ]:
        with pytest.raises(sqlite3.Error) as raised:
            read_only.execute(statement)
        assert refused_write(raised_from(raised.value)) is refused, statement


def test_a_database_fault_is_a_server_error_that_names_it(alice, today, request_log):
    """A missing table (migrations not run) is not a full disk: no "Not saved yet" page, which
    would have the person send again and again, but a 500 whose log line says what is wrong."""

    def no_such_table(execute, sql, params, many, context):
        if "journal_sorenesscheckin" in sql:
            raise OperationalError("no such table: journal_sorenesscheckin")
        return execute(sql, params, many, context)

    client = Client(raise_request_exception=False)
    client.force_login(alice)
    with connection.execute_wrapper(no_such_table):
        response = client.post(reverse("checkin_create"), checkin_data(today))
    assert response.status_code == 500
    assert "Not saved yet" not in response.text
    assert (
        "Database error that is not a refused write, on /checkins/new/: "
        "OperationalError: no such table: journal_sorenesscheckin"
    ) in request_log.text
    assert "Could not save" not in request_log.text


def migration_before_limits_table() -> str:
    """The journal migration this change starts from, whatever the migrations are numbered."""
    loader = MigrationLoader(connection)
    ours = next(
        migration
        for (app, name), migration in loader.disk_migrations.items()
        if app == "journal" and name.endswith("_limits_cache_table")
    )
    return next(name for app, name in ours.dependencies if app == "journal")


def limits_table_exists() -> bool:
    return "stretchlog_limits" in connection.introspection.table_names()


@pytest.fixture
def migrated_again(transactional_db) -> Iterator[None]:
    """Whatever a test unapplied is applied again after it, and its counts are forgotten."""
    yield
    call_command("migrate", verbosity=0)
    caches["limits"].clear()


def test_migrate_alone_makes_the_limits_table_and_signing_up_works(migrated_again, request_log):
    call_command("migrate", "journal", migration_before_limits_table(), verbosity=0)
    assert not limits_table_exists()

    # A site set up without the table: a server error that names it, not "Not saved yet".
    client = Client(raise_request_exception=False)
    assert client.post(reverse("signup"), signup_data()).status_code == 500
    assert "stretchlog_limits" in request_log.text
    assert not User.objects.filter(username="carol").exists()

    call_command("migrate", verbosity=0)
    assert limits_table_exists()
    response = Client().post(reverse("signup"), signup_data())
    assert response.status_code == 302
    assert User.objects.filter(username="carol").exists()


def test_migrate_keeps_a_table_that_createcachetable_made(migrated_again):
    call_command("migrate", "journal", migration_before_limits_table(), verbosity=0)
    call_command("createcachetable", verbosity=0)
    caches["limits"].set("kept", 1)
    call_command("migrate", verbosity=0)
    assert caches["limits"].get("kept") == 1
    # And Django's test runner, which runs createcachetable after migrate, finds it there.
    call_command("createcachetable", verbosity=0)
