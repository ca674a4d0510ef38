import datetime as dt
import importlib
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client, override_settings

from journal.models import Profile

PASSWORD = "a-long-test-password"


def make_user(username: str, **profile) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    Profile.objects.create(user=user, **profile)
    return user


@pytest.fixture(autouse=True, scope="session")
def plain_http() -> Iterator[None]:
    """The test client and live server speak plain http (set before the live server starts,
    as its middleware reads them once); production's HTTPS redirect and HSTS are tested on
    their own in tests/test_security.py."""
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        yield


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
