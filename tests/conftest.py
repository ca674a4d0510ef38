import datetime as dt
import importlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client, override_settings
from django_q.conf import Conf
from hypothesis import settings as hypothesis_settings

import journal
from journal.models import Profile, SorenessCheckin
from journal.records import JOURNAL_MODELS

PASSWORD = "a-long-test-password"

# No time limit on a property test's example: these machines are shared, and an example that
# took 280 ms under load once (against the default 200 ms) says nothing about the property.
hypothesis_settings.register_profile("stretchlog", deadline=None)
hypothesis_settings.load_profile("stretchlog")


class Examples:
    """How many of a property test's examples reached each case it checks.

    `reached(case, yes)` counts an example for `case` when `yes` and returns `yes`, so it can
    stand in an `if`. The fixture below fails the test when a case it named was never reached:
    a property whose assertion never ran has proved nothing.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def reached(self, case: str, yes: bool = True) -> bool:
        self.counts[case] += int(yes)
        return yes


EXAMPLE_COUNTS: dict[str, Counter[str]] = {}


@pytest.fixture
def examples(request) -> Iterator[Examples]:
    seen = Examples()
    yield seen
    # Reported with the test, so the summary has them when the tests run in several processes.
    request.node.user_properties.append(("examples", dict(seen.counts)))
    never = sorted(case for case, n in seen.counts.items() if n == 0)
    if not seen.counts or never:
        pytest.fail(f"no example reached: {', '.join(never) or 'any case'}")


def pytest_runtest_logreport(report) -> None:
    for name, counts in report.user_properties:
        if name == "examples" and report.when == "teardown":
            EXAMPLE_COUNTS[report.nodeid] = counts


def pytest_terminal_summary(terminalreporter) -> None:
    """Each property test's examples by case, so a run shows what its properties checked."""
    if EXAMPLE_COUNTS:
        terminalreporter.section("examples checked by the property tests")
        for nodeid, counts in sorted(EXAMPLE_COUNTS.items()):
            cases = ", ".join(f"{n} {case}" for case, n in sorted(counts.items()))
            terminalreporter.write_line(f"{nodeid}: {cases}")


# Every write to a journal goes through journal/records/ (docs/architecture.md). Each database
# connection of the test run, the live server's included, checks every statement that writes a
# journal table: the app's own code nearest to it must be in journal/records/ (or a migration).
# Tests themselves may write directly, to set a scene.
JOURNAL_TABLES = frozenset(model._meta.db_table for model in JOURNAL_MODELS)
WRITES = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
APP = Path(journal.__file__).parent
MAY_WRITE = (APP / "records", APP / "migrations")


def writer_outside_records() -> str | None:
    """Where the app's own code that led to this statement is, unless that is allowed."""
    frame = sys._getframe(1)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(APP):
            if any(path.is_relative_to(allowed) for allowed in MAY_WRITE):
                return None
            return f"{path.relative_to(APP.parent)}:{frame.f_lineno}"
        frame = frame.f_back
    return None


def journal_writes_through_records(execute: Callable, sql: str, params, many, context):
    match = WRITES.match(sql)
    if match and match.group(1) in JOURNAL_TABLES:
        writer = writer_outside_records()
        if writer:
            raise AssertionError(
                f"{writer} writes {match.group(1)} directly: journal writes go through "
                "a function of journal/records/"
            )
    return execute(sql, params, many, context)


def check_journal_writes(sender, connection, **kwargs) -> None:
    if journal_writes_through_records not in connection.execute_wrappers:
        connection.execute_wrappers.append(journal_writes_through_records)


connection_created.connect(check_journal_writes)


def make_user(username: str, **profile) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    Profile.objects.create(user=user, **profile)
    return user


def checked_in(user: User, soreness: int = 2) -> None:
    """Today's check-in with no red flag: stretching starts only after one (journal/rules.py)."""
    SorenessCheckin.objects.create(user=user, date=user.profile.today(), soreness=soreness)


@pytest.fixture(autouse=True, scope="session")
def test_settings() -> Iterator[None]:
    """Set before the live server starts, as its middleware reads settings once.

    The test client and live server speak plain http; production's HTTPS redirect and HSTS
    are tested on their own in tests/test_security.py. Passwords are hashed with a fast hasher:
    the production hasher (PBKDF2, hundreds of thousands of rounds) took most of the suite's
    time, and what the tests check of passwords (right, wrong, changed) holds for any hasher.
    tests/test_security.py checks the production setting itself."""
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory) -> Path:
    """Each test's uploads go to a folder of its own, never into the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True, scope="session")
def tasks_run_at_once() -> Iterator[None]:
    """Each task runs in the test's own process as it is queued (django-q2's sync mode), so a
    test sees what a worker would have done. tests/test_reminder_workers.py starts real ones."""
    Conf.SYNC = True
    yield
    Conf.SYNC = False


@pytest.fixture
def library(transactional_db) -> None:
    """The stretch library, loaded as `migrate` does. Tests that commit for real (live
    server, threads) empty the database after each one, so they load it again."""
    editor = SimpleNamespace(connection=connection)
    importlib.import_module("journal.migrations.0002_stretch_library").load_library(apps, editor)
    importlib.import_module("journal.migrations.0019_stretch_figures").load_figures(apps, editor)


@pytest.fixture
def alice(db) -> User:
    return make_user("alice")


@pytest.fixture
def bob(db) -> User:
    return make_user("bob")


@pytest.fixture
def alice_client(alice) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def today(alice) -> dt.date:
    """Alice's today (she is on UTC)."""
    return alice.profile.today()


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("admin", "admin@example.com", PASSWORD)


@pytest.fixture
def editor(db) -> User:
    """A staff member in the "Content editors" group (made by a migration; made again here for
    the tests that empty the database after each one, such as the browser tests)."""
    editors = importlib.import_module("journal.migrations.0003_content_editors")
    group, made = Group.objects.get_or_create(name=editors.GROUP_NAME)
    if made:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="journal", content_type__model__in=editors.LIBRARY_MODELS
            )
        )
    user = User.objects.create_user("editor", "editor@example.com", PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(editor) -> Client:
    """An editor's browser; `client` is someone else's."""
    client = Client()
    client.force_login(editor)
    return client
