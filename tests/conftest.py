import datetime as dt
import importlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client, override_settings
from django_q.conf import Conf

from journal.models import Profile, SorenessCheckin

PASSWORD = "a-long-test-password"


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
    migration = importlib.import_module("journal.migrations.0002_stretch_library")
    migration.load_library(apps, SimpleNamespace(connection=connection))


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
    """A staff member in the "Content editors" group (made by a migration)."""
    user = User.objects.create_user("editor", "editor@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Content editors"))
    return user
