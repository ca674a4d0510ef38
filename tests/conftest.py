import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from journal.models import Profile

PASSWORD = "a-long-test-password"


def make_user(username: str, **profile) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    Profile.objects.create(user=user, **profile)
    return user


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
