"""Every URL, every identity, hostile input: never a 500, never another person's data, all
markup escaped. Hypothesis drives the forms: whatever a form accepts, the database accepts."""

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.forms import CheckinForm, EntryForm, ProfileForm, SessionForm
from journal.models import Profile, SessionEntry, SorenessCheckin, Stretch, StretchSession

SCRIPT = "<script>alert('owned')</script>"
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "x" * 20_000,
    "\u202eevil\u200b\ufeff 🧘 ﷽ \U0001f600",
    "2026-13-45",
    "-1",
    "99999999999999999999",
    "' OR 1=1 --",
    "",
]
FIELDS = [
    "date", "soreness", "stiffness", "note", "numbness", "leg_weakness", "pain_down_legs",
    "bladder_bowel", "fever", "stretch", "hold_seconds", "reps", "sets", "side", "pain_during",
    "routine", "time_zone", "worsening_threshold", "sore_threshold", "password", "username",
    "email", "password1", "password2", "old_password", "new_password1", "new_password2",
    "file", "start", "end", "entries-TOTAL_FORMS", "entries-INITIAL_FORMS", "entries-0-stretch",
    "entries-0-hold_seconds",
]  # fmt: skip
PRIVATE = "alice-private-note"
ODD_DAYS = ["0001-01-01", "1999-12-31", "2000-01-01", "9999-12-31", "2999-02-29"]
ODD_MONTHS = ["0001-01", "0000-00", "1999-12", "2000-01", "9999-12", "10000-01", "2026-1-1"]


def patterns(resolvers=None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """Every URL pattern of the site but the admin (Django's own, staff only), as regexes."""
    found = []
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                found += patterns(entry.url_patterns, route)
        else:
            found.append((route, entry))
    return found


@pytest.fixture
def records(alice, bob, today):
    checkin = SorenessCheckin.objects.create(user=alice, date=today, soreness=3, note=PRIVATE)
    session = StretchSession.objects.create(user=alice, date=today, note=PRIVATE)
    entry = SessionEntry.objects.create(
        session=session, stretch=Stretch.objects.get(slug="sphinx"), hold_seconds=30, note=PRIVATE
    )
    return {"checkin": checkin.pk, "session": session.pk, "entry": entry.pk}


def concrete_urls(route: str, pattern: URLPattern, records: dict, today: dt.date) -> list[str]:
    """The route with real, missing, malformed and foreign values in its parameters."""
    name = pattern.name or ""
    kind = "entry" if "entry" in name else "session" if "session" in name else "checkin"
    values = {
        "<int:pk>": [str(records[kind]), "999999", "0", "-1", "abc", SCRIPT],
        "<slug:slug>": ["sphinx", "guides-7-stretches", "no-such-thing", SCRIPT],
        "<isodate:day>": [today.isoformat(), "2026-02-30", "0000-00-00", SCRIPT, *ODD_DAYS],
        "<uidb64>": ["MQ", SCRIPT],
        "<token>": ["set-password", "abc-def", SCRIPT],
        "<str:secret>": ["not-a-secret", SCRIPT],  # the calendar feed's address
    }
    urls = ["/" + re.sub(r"^\^|\$$", "", route)]
    for placeholder, options in values.items():
        urls = (
            [u.replace(placeholder, o, 1) for u in urls for o in options]
            if any(placeholder in u for u in urls)
            else urls
        )
    return urls


def assert_safe(response, url: str, who: str) -> None:
    assert response.status_code < 500, f"{who} {url}: {response.status_code}"
    text = response.content.decode(errors="replace")
    assert SCRIPT not in text, f"{who} {url}: markup not escaped"
    if who != "alice":
        assert PRIVATE not in text, f"{who} {url}: saw alice's data"


@pytest.mark.parametrize("hostile", HOSTILE[:4])
def test_every_url_survives_every_identity_and_hostile_input(records, alice, bob, today, hostile):
    clients = {"anonymous": Client(), "alice": Client(), "bob": Client()}
    clients["alice"].force_login(alice)
    clients["bob"].force_login(bob)
    no_csrf = Client(enforce_csrf_checks=True)
    no_csrf.force_login(bob)
    data = dict.fromkeys(FIELDS, hostile)
    for route, pattern in patterns():
        if pattern.name in {"logout", "delete_account", "password_reset"}:
            continue  # would end the session or send mail; tested on their own
        for url in concrete_urls(route, pattern, records, today):
            for who, client in clients.items():
                assert_safe(client.get(url, {"q": hostile, "range": hostile}), url, who)
                if who == "alice" and (pattern.name or "").endswith("_delete"):
                    continue  # the owner may delete; that is tested on its own
                assert_safe(client.post(url, data), url, who)
                assert_safe(client.post(url, data, HTTP_HX_REQUEST="true"), url, who)
            assert no_csrf.post(url, data).status_code in {403, 404, 405}, url
    # None of that changed alice's records.
    assert SorenessCheckin.objects.get(pk=records["checkin"]).note == PRIVATE
    assert SessionEntry.objects.get(pk=records["entry"]).hold_seconds == 30


def test_every_url_survives_odd_dates_in_its_query(records, alice, bob):
    """Any date a query string can carry, on every URL, for the owner and another person."""
    clients = {"alice": Client(), "bob": Client()}
    clients["alice"].force_login(alice)
    clients["bob"].force_login(bob)
    today = alice.profile.today()
    for route, pattern in patterns():
        if pattern.name in {"logout", "delete_account", "password_reset"}:
            continue
        for url in concrete_urls(route, pattern, records, today)[:2]:
            for who, client in clients.items():
                for day, month in zip(ODD_DAYS, ODD_MONTHS, strict=False):
                    query = {"date": day, "start": day, "end": day, "month": month}
                    assert_safe(client.get(url, query), url + f" {query}", who)
                for month in ODD_MONTHS:
                    assert_safe(client.get(url, {"month": month}), f"{url} month={month}", who)


def test_the_walk_covers_every_journal_url():
    names = {pattern.name for _, pattern in patterns()}
    assert {
        "checkin_edit", "checkin_delete", "session_detail", "session_edit", "session_delete",
        "entry_create", "entry_edit", "entry_delete", "day_detail", "guided_session",
        "trends", "report", "export_json", "import_json", "history", "advice_panel",
    } <= names  # fmt: skip


# Whatever a form accepts, the database accepts: the validators mirror the constraints. Each test
# mixes what a browser can send (absent, or any text) with plausible values, so that both valid
# and invalid forms are checked, and counts them: a test that never saw a valid form fails.

anything = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(-(10**6), 10**6).map(str),
    st.dates().map(str),
    st.sampled_from(["on", "true", "", "left", "both", "na", "UTC", "Europe/Paris"]),
)
rating = st.integers(0, 10).map(str)
note = st.text(max_size=60)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def form_data(plausible: dict) -> st.SearchStrategy[dict]:
    """Either plausible values in every field, or each field plausible or anything at all."""
    return st.one_of(
        st.fixed_dictionaries(plausible),
        st.fixed_dictionaries(
            {name: st.one_of(value, anything) for name, value in plausible.items()}
        ),
    )


def recent_dates(today: dt.date) -> st.SearchStrategy[str]:
    return st.integers(0, 400).map(lambda n: (today - dt.timedelta(days=n)).isoformat())


def saves_cleanly(instance) -> None:
    with transaction.atomic():
        instance.save()
        transaction.set_rollback(True)


def test_a_valid_checkin_form_always_saves(alice, today, examples):
    flags = {name: st.sampled_from(["on", ""]) for name in SorenessCheckin.RED_FLAG_FIELDS}
    plausible = {
        "date": recent_dates(today),
        "soreness": rating,
        "stiffness": st.one_of(rating, st.just("")),
        "note": note,
        **flags,
    }

    @SETTINGS
    @given(data=form_data(plausible))
    def check(data):
        form = CheckinForm(data=data, user=alice, today=today)
        if examples.reached("valid", form.is_valid()):
            checkin = form.save(commit=False)
            checkin.user = alice
            saves_cleanly(checkin)
        else:
            examples.reached("invalid")

    check()


def test_a_valid_entry_form_always_saves(alice, today, examples):
    session = StretchSession.objects.create(user=alice, date=today)
    stretches = [str(pk) for pk in Stretch.objects.values_list("pk", flat=True)]
    plausible = {
        "stretch": st.sampled_from(stretches),
        "hold_seconds": st.one_of(st.just(""), st.integers(1, 600).map(str)),
        "reps": st.one_of(st.just(""), st.integers(1, 100).map(str)),
        "sets": st.integers(1, 10).map(str),
        "side": st.sampled_from(["na", "both", "left", "right"]),
        "pain_during": st.one_of(st.just(""), rating),
        "note": note,
    }

    @SETTINGS
    @given(data=form_data(plausible))
    def check(data):
        form = EntryForm(data=data)
        if examples.reached("valid", form.is_valid()):
            entry = form.save(commit=False)
            entry.session = session
            saves_cleanly(entry)
        else:
            examples.reached("invalid")

    check()


def test_a_valid_settings_form_always_saves(alice, examples):
    plausible = {
        "time_zone": st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"]),
        "worsening_threshold": st.sampled_from(["1", "2"]),
        "sore_threshold": st.integers(1, 10).map(str),
    }

    @SETTINGS
    @given(data=form_data(plausible))
    def check(data):
        form = ProfileForm(data=data, instance=Profile.objects.get(user=alice))
        if examples.reached("valid", form.is_valid()):
            saves_cleanly(form.save(commit=False))
        else:
            examples.reached("invalid")

    check()


def test_a_valid_session_form_always_saves(alice, today, examples):
    @SETTINGS
    @given(data=form_data({"date": recent_dates(today), "note": note}))
    def check(data):
        form = SessionForm(data=data, today=today)
        if examples.reached("valid", form.is_valid()):
            session = form.save(commit=False)
            session.user = alice
            saves_cleanly(session)
        else:
            examples.reached("invalid")

    check()


# Hostile import files: each is refused with a reason (status 200, the form again), never a 500,
# and nothing of it is stored.


def nested(depth: int) -> bytes:
    return (
        b'{"format": "stretchlog", "version": 1, "checkins": ' + b"[" * depth + b"]" * depth + b"}"
    )


def export(**parts) -> bytes:
    return json.dumps({"format": "stretchlog", "version": 1, **parts}).encode()


def checkin(**fields) -> bytes:
    return export(checkins=[{"date": "2026-01-02", "soreness": 3, **fields}])


def entry(**fields) -> bytes:
    item = {"stretch": "sphinx", "hold_seconds": 30, "sets": 1, "side": "na", **fields}
    return export(sessions=[{"date": "2026-01-02", "entries": [item]}])


HOSTILE_FILES = {
    "empty": b"",
    "not json": b"not json at all",
    "not utf-8": b"\xff\xfe\xfa\x00{",
    "utf-16": '{"format": "stretchlog"}'.encode("utf-16"),
    "a byte order mark, then not json": b"\xef\xbb\xbf" + b"{nope",
    "a list at the top": b"[1, 2, 3]",
    "text at the top": b'"stretchlog"',
    "a number at the top": b"5",
    "null at the top": b"null",
    "nested 100,000 deep": nested(100_000),
    "nested deep inside a note": checkin(note=None)[:-3] + b"[" * 50_000 + b"]" * 50_000 + b"]}",
    "duplicate keys": b'{"format": "stretchlog", "format": "stretchlog", "version": 1}',
    "200,000 keys, the last twice": b"{"
    + b", ".join(b'"k%d": 1' % n for n in range(200_000))
    + b', "k199999": 2}',
    "duplicate keys in a record": b'{"format": "stretchlog", "version": 1, "checkins": '
    b'[{"date": "2026-01-02", "date": "2026-01-03", "soreness": 1}]}',
    "1e309": checkin(soreness=None).replace(b"null", b"1e309"),
    "-1e309": checkin(stiffness=None).replace(b"null", b"-1e309"),
    "NaN": checkin(soreness=None).replace(b"null", b"NaN"),
    "Infinity": checkin(soreness=None).replace(b"null", b"Infinity"),
    "a 5,000-digit number": checkin(soreness=None).replace(b"null", b"9" * 5000),
    "a huge whole number": checkin(soreness=10**30),
    "a fraction": checkin(soreness=3.5),
    "true as a number": checkin(soreness=True),
    "text as a number": checkin(soreness="3"),
    "a list as a number": checkin(soreness=[3]),
    "an object as a number": checkin(soreness={"$gt": 1}),
    "a number as a date": checkin(date=20260102),
    "null as a date": checkin(date=None),
    "year 1": checkin(date="0001-01-01"),
    "year 9999": checkin(date="9999-12-31"),
    "year 1999": checkin(date="1999-12-31"),
    "year 0": checkin(date="0000-00-00"),
    "tomorrow and more": checkin(date="2999-01-01"),
    "a date with a time": checkin(date="2026-01-02T00:00:00"),
    "1 as a yes/no": checkin(fever=1),
    "text as a yes/no": checkin(fever="false"),
    "a note of 4 MB": checkin(note="x" * 4_000_000),
    "markup in a note": checkin(note=SCRIPT * 1000),
    "a note that is a list": checkin(note=["a"]),
    "created not a date": checkin(created="yesterday"),
    "created impossible": checkin(created="2026-02-30T08:00:00"),
    "created a number": checkin(created=5),
    "checkins as text": export(checkins="abc"),
    "sessions as an object": export(sessions={"a": 1}),
    "entries as text": export(sessions=[{"date": "2026-01-02", "entries": "sphinx"}]),
    "a check-in that is a list": export(checkins=[[1, 2]]),
    "a session that is a number": export(sessions=[5]),
    "an entry that is null": export(sessions=[{"date": "2026-01-02", "entries": [None]}]),
    "a stretch with markup": entry(stretch=SCRIPT),
    "a stretch as a number": entry(stretch=5),
    "a side not on the list": entry(side="up"),
    "a hold of a day": entry(hold_seconds=86_400),
    "negative sets": entry(sets=-1),
    "a routine as a list": export(sessions=[{"date": "2026-01-02", "routine": ["x"]}]),
    "settings as a list": export(profile=[1]),
    "a time zone path": export(profile={"time_zone": "../../etc/passwd"}),
    "a threshold as text": export(profile={"sore_threshold": "7"}),
    "a threshold of 11": export(profile={"sore_threshold": 11}),
    "version as text": export(version="1"),
    "version huge": b'{"format": "stretchlog", "version": ' + b"9" * 4000 + b"}",
    "no format": b'{"version": 1}',
    "too many check-ins": export(checkins=[{}] * 10_001),
    "too many entries": export(sessions=[{"entries": [{}] * 20_001}] * 2),
    "a thousand errors": export(checkins=[{"date": "x", "soreness": "y"}] * 1000),
    "over 5 MB": b" " * (5 * 1024 * 1024 + 1),
}


def test_the_hostile_files_cover_the_issue():
    assert len(HOSTILE_FILES) >= 50


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_a_hostile_import_file_is_refused_with_a_reason(bob_client, bob, name):
    upload = SimpleUploadedFile("export.json", HOSTILE_FILES[name], "application/json")
    response = bob_client.post(reverse("import_json"), {"file": upload})
    assert response.status_code == 200, name
    assert 'class="errorlist"' in response.text, name
    assert SCRIPT not in response.text
    assert not bob.checkins.exists() and not bob.stretch_sessions.exists()
    assert not SessionEntry.objects.exists()


def test_a_50_mb_upload_is_refused(bob_client, bob):
    upload = SimpleUploadedFile("export.json", b"{" * (50 * 1024 * 1024), "application/json")
    response = bob_client.post(reverse("import_json"), {"file": upload})
    assert response.status_code == 200
    assert "That file is 50.0 MB" in response.text
