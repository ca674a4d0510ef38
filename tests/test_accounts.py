import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from journal.models import Profile
from tests.conftest import PASSWORD

SIGNUP = reverse("signup")


def signup_data(**overrides) -> dict:
    data = {
        "username": "carol",
        "email": "carol@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "time_zone": "Europe/Berlin",
        "health_caution": "no",
    }
    data.update(overrides)
    return data


def test_it_signs_up_with_a_time_zone_and_logs_in(client, db):
    response = client.post(SIGNUP, signup_data())
    # First the questions about signs of a serious cause, then today's page.
    assert response["Location"] == reverse("screen") + "?next=%2F"
    carol = User.objects.get(username="carol")
    assert carol.profile.time_zone == "Europe/Berlin"
    assert carol.profile.worsening_threshold == 2 and carol.profile.sore_threshold == 7
    assert client.get("/").context["user"] == carol


def test_signup_offers_the_time_zone_script(client, db):
    response = client.get(SIGNUP)
    assert "journal/timezone.js" in response.text
    assert 'name="time_zone"' in response.text


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),
        ({"username": ""}, "username"),
        ({"email": ""}, "email"),
    ],
)
def test_signup_says_what_is_wrong_and_keeps_the_rest(client, db, overrides, field):
    response = client.post(SIGNUP, signup_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    if field != "email":
        assert 'value="carol@example.com"' in response.text
    assert not User.objects.filter(username="carol").exists()


def test_a_taken_username_is_refused(client, alice):
    response = client.post(SIGNUP, signup_data(username="alice"))
    assert "already exists" in response.text
    assert User.objects.filter(username="alice").count() == 1


def test_it_logs_in_and_out(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert client.get("/").context["user"] == alice
    client.post(reverse("logout"))
    assert not client.get("/").context["user"].is_authenticated


def test_repeated_failed_logins_lock_out_with_a_clear_page(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "Wait 15 minutes, then try again" in response.text
    assert not client.get("/").context["user"].is_authenticated


def test_a_lockout_does_not_touch_another_account(client, alice, bob, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_sends_an_email_with_a_working_link(client, alice):
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your Stretchlog password"
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert "Choose a new password" in response.text
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "another-long-password", "new_password2": "another-long-password"},
    )
    alice.refresh_from_db()
    assert alice.check_password("another-long-password")


def test_password_change(alice_client, alice):
    response = alice_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-password",
            "new_password2": "a-brand-new-password",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-brand-new-password")


def test_settings_show_the_defaults_and_save(alice_client, alice):
    response = alice_client.get(reverse("settings"))
    assert "a rise of 2 points" in response.text and "soreness of 7 or more" in response.text
    response = alice_client.post(
        reverse("settings"),
        {"time_zone": "America/New_York", "worsening_threshold": "1", "sore_threshold": "8"},
    )
    assert response["Location"] == reverse("settings")
    profile = Profile.objects.get(user=alice)
    assert (profile.time_zone, profile.worsening_threshold, profile.sore_threshold) == (
        "America/New_York",
        1,
        8,
    )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"worsening_threshold": "3"}, "worsening_threshold"),
        ({"sore_threshold": "0"}, "sore_threshold"),
        ({"sore_threshold": "11"}, "sore_threshold"),
        # Above 8 the rule would stay silent at 9 or 10 out of 10.
        ({"sore_threshold": "9"}, "sore_threshold"),
        ({"worsening_threshold": "0"}, "worsening_threshold"),
        ({"time_zone": "Nowhere/Town"}, "time_zone"),
    ],
)
def test_settings_refuse_bad_values(alice_client, alice, overrides, field):
    data = {"time_zone": "UTC", "worsening_threshold": "2", "sore_threshold": "7", **overrides}
    response = alice_client.post(reverse("settings"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    profile = Profile.objects.get(user=alice)
    assert (profile.worsening_threshold, profile.sore_threshold) == (2, 7)


JOURNAL_PAGES = [
    "home",
    "history",
    "trends",
    "report",
    "settings",
    "reminders",
    "import_json",
    "checkin_create",
    "session_create",
]


def assert_first_request_works(user: User) -> None:
    """An account made without a profile: every journal page answers on its first request,
    the profile is made then with the defaults, and today's page asks its first questions."""
    assert not Profile.objects.filter(user=user).exists()
    client = Client(raise_request_exception=True)
    client.force_login(user)
    for name in JOURNAL_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    profile = Profile.objects.get(user=user)
    assert profile.time_zone == "UTC" and profile.health_caution is None
    assert "Have you had back or hip surgery recently" in client.get(reverse("home")).text


def test_an_account_made_in_the_admin_works_from_its_first_request(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "dave",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_first_request_works(User.objects.get(username="dave"))


def test_an_account_made_with_createsuperuser_works_from_its_first_request(db):
    call_command("createsuperuser", "--noinput", username="root", email="root@example.com")
    assert_first_request_works(User.objects.get(username="root"))


def test_an_account_made_from_a_shell_works_from_its_first_request(db):
    """Any other way: a shell, a data migration, a single-sign-on backend."""
    assert_first_request_works(User.objects.create_user("erin", password=PASSWORD))


def test_the_migration_gives_older_accounts_a_profile(db):
    user = User.objects.create_user("dave", password=PASSWORD)
    assert not Profile.objects.filter(user=user).exists()
    migration = importlib.import_module("journal.migrations.0006_profile_for_every_account")
    migration.add_missing_profiles(apps, None)
    assert Profile.objects.get(user=user).time_zone == "UTC"
    migration.add_missing_profiles(apps, None)  # runs again without a duplicate
    assert Profile.objects.filter(user=user).count() == 1


def test_the_threshold_changes_the_advice(alice_client, alice, today):
    alice.checkins.create(date=today - dt.timedelta(days=1), soreness=3)
    alice.checkins.create(date=today, soreness=4)
    assert not alice_client.get("/").context["advice"].should_rest
    Profile.objects.filter(user=alice).update(worsening_threshold=1)
    assert alice_client.get("/").context["advice"].should_rest


def test_a_username_too_long_to_exist_is_refused_before_it_is_tried(client, db):
    response = client.post(reverse("login"), {"username": "x" * 5000, "password": "whatever"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.text


def ask_for_reset(client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def test_password_resets_are_limited_per_address(client, alice, mailoutbox):
    answers = [ask_for_reset(Client(), "alice@example.com").status_code for _ in range(25)]
    assert answers[:3] == [302, 302, 302]
    assert set(answers[3:]) == {429}
    assert len(mailoutbox) == 3
    # The same address written another way counts as the same address.
    assert ask_for_reset(client, " ALICE@example.com ").status_code == 429


def test_password_resets_are_limited_per_client(alice, bob, mailoutbox):
    answers = [ask_for_reset(Client(), f"someone{n}@example.com").status_code for n in range(12)]
    assert answers[:10] == [302] * 10 and answers[10:] == [429, 429]
    # Another client is not held back by this one.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert ask_for_reset(other, "bob@example.com").status_code == 302


def test_the_limit_page_says_when_to_try_again(db):
    for _ in range(3):
        ask_for_reset(Client(), "carol@example.com")
    response = ask_for_reset(Client(), "carol@example.com")
    assert response.status_code == 429
    assert "Please try again in" in response.text and "minute" in response.text
    assert int(response["Retry-After"]) >= 60


def test_signups_are_limited_per_client(db):
    def sign_up(n: int):
        return Client().post(
            reverse("signup"),
            {
                "username": f"person{n}",
                "email": f"person{n}@example.com",
                "password1": "a-long-test-password-1",
                "password2": "a-long-test-password-1",
                "time_zone": "UTC",
                "health_caution": "no",
            },
        )

    answers = [sign_up(n).status_code for n in range(7)]
    assert answers == [302] * 5 + [429, 429]
    assert User.objects.filter(username__startswith="person").count() == 5


def test_the_counts_live_in_the_database_for_every_process(db):
    from django.conf import settings
    from django.core.cache import caches

    assert settings.RATELIMIT_USE_CACHE == "limits"
    assert caches["limits"].__class__.__name__ == "DatabaseCache"


def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(settings, db):
    settings.BEHIND_PROXY = True
    for n in range(10):
        client = Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 192.0.2.1")
        assert ask_for_reset(client, f"p{n}@example.com").status_code == 302
    # Whatever the client writes first, the proxy's entry (the last) is what counts.
    client = Client(HTTP_X_FORWARDED_FOR="198.51.100.77, 192.0.2.1")
    assert ask_for_reset(client, "p77@example.com").status_code == 429
