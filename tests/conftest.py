import pytest
from django.contrib.auth.models import Group, User

PASSWORD = "a-long-test-password"


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("admin", "admin@example.com", PASSWORD)


@pytest.fixture
def editor(db) -> User:
    """A staff member in the "Content editors" group (made by a migration)."""
    user = User.objects.create_user("editor", "editor@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Content editors"))
    return user
