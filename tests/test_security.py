"""Production security: headers, HTTPS, cookies, lockouts, logging, sessions, account deletion."""

import datetime as dt
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse

from journal.models import SessionEntry, SorenessCheckin, Stretch, StretchSession
from tests.conftest import PASSWORD
from tests.test_today import add_history

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3y-" + "Zq8!fW2#pL7@xR4$" * 4


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_send_a_strict_content_security_policy(alice_client):
    for url in ["/", "/trends/", "/stretches/", "/accounts/settings/"]:
        policy = directives(alice_client.get(url)["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in policy["style-src"] and policy["style-src"][0] == "'self'"
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["default-src"] == ["'self'"]


def test_pages_send_the_other_security_headers(client, db):
    response = client.get("/stretches/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_htmx_is_configured_for_the_policy(client, db):
    text = client.get("/stretches/").text
    assert '"allowEval": false' in text
    assert '"includeIndicatorStyles": false' in text
    assert '"historyCacheSize": 0' in text
    assert "<script>" not in text and "hx-on" not in text


def run_check(**env: str) -> subprocess.CompletedProcess:
    # Only this process's own settings count: not the browser tests' async switch, say.
    unset = {"DEBUG", "HTTPS", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "stretchlog.example", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = run_check(DEBUG="0")
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_http_settings_would_fail_it():
    result = run_check(DEBUG="0", HTTPS="0")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


def test_http_is_redirected_to_https_with_hsts(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    response = client.get("/stretches/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/stretches/"
    response = client.get("/stretches/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_behind_a_proxy_the_forwarded_scheme_counts(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = Client().get("/stretches/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200


def test_cookies_are_secure_and_host_only(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
    assert not cookie["domain"]
    # A first visit gets the form token's cookie (sent again only when it changes).
    response = Client().get(reverse("login"))
    assert response.cookies["__Host-csrftoken"]["secure"]


def fail_logins(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"})


def test_a_lockout_holds_even_with_the_right_password_then_lifts(client, alice, settings):
    fail_logins(client, "alice", settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    # The cool-off passes (the attempts are now older than it).
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME)
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_logins_logouts_and_failures_are_logged(client, alice, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        fail_logins(client, "alice", 1)
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        client.post(reverse("logout"))
    text = caplog.text
    assert "New login failure" in text or "login failed" in text.lower()
    assert "Successful login" in text
    assert "/accounts/logout/" in text and "logout" in text.lower()


def test_changing_the_password_signs_out_other_sessions(alice):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-whole-new-password",
            "new_password2": "a-whole-new-password",
        },
    )
    assert here.get("/").context["user"].is_authenticated
    assert not elsewhere.get("/").context["user"].is_authenticated


def rows_of(user_id: int) -> dict[str, int]:
    """How many rows in any model point at this user."""
    counts = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey | models.OneToOneField) and (
                field.related_model is User
            ):
                count = model._default_manager.filter(**{field.name: user_id}).count()
                if count:
                    counts[f"{model.__name__}.{field.name}"] = count
    return counts


def test_deleting_an_account_removes_every_row_and_every_session(alice, bob, today):
    add_history(alice, today, 30)
    add_history(bob, today, 5)
    session_ids = list(alice.stretch_sessions.values_list("id", flat=True))
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert rows_of(alice.pk)

    response = here.post(reverse("delete_account"), {"password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert rows_of(alice.pk) == {}
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not SessionEntry.objects.filter(session_id__in=session_ids).exists()
    assert not AccessLog.objects.filter(username="alice").exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(alice.pk) for s in Session.objects.all()
    )
    assert not elsewhere.get("/").context["user"].is_authenticated
    assert bob.checkins.count() == 5 and StretchSession.objects.filter(user=bob).count() == 5


def test_deleting_an_account_needs_the_password(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=3)
    response = alice_client.post(reverse("delete_account"), {"password": "not it"})
    assert response.status_code == 200
    assert "That is not your password." in response.text
    assert User.objects.filter(pk=alice.pk).exists() and alice.checkins.exists()


@pytest.mark.parametrize("url", ["/trends/", "/", "/history/", "/accounts/settings/"])
def test_journal_pages_are_private_and_uncached(alice_client, url):
    response = alice_client.get(url)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_library_is_still_usable_by_anyone(client, db):
    assert client.get(Stretch.objects.first().get_absolute_url()).status_code == 200


def test_pages_are_compressed(alice_client):
    response = alice_client.get("/trends/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_production_hashes_passwords_with_a_slow_hasher():
    """The suite swaps in a fast hasher (tests/conftest.py); the settings themselves keep
    Django's default, PBKDF2 with its full rounds, first."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.PASSWORD_HASHERS[0])"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "stretchlog.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert result.stdout.strip() == "django.contrib.auth.hashers.PBKDF2PasswordHasher", result


def test_the_csrf_cookie_is_sent_only_when_it_changes(client, alice):
    """A page fetched in the background during a sign-in (the service worker keeping the
    library) must not set back the token the sign-in renewed: the next form would be refused."""
    name = settings.CSRF_COOKIE_NAME
    first = client.get(reverse("login"))
    token = first.cookies[name].value
    again = client.get(reverse("library"))
    assert name not in again.cookies  # the same value: not sent again
    signed_in = client.post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert signed_in.status_code == 302
    assert signed_in.cookies[name].value not in ("", token)  # renewed at sign-in
