"""Each journal record's one home (journal/records/): writes go through it, and its shape
round-trips through an export and an import."""

import datetime as dt
import itertools
import json

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from journal import records, transfer
from journal.models import Routine, SorenessCheckin, Stretch
from journal.rules import RED_FLAGS, SCREEN_FLAGS
from tests.conftest import make_user


def run_as_if_in(path: str, code: str, names: dict) -> None:
    """Run `code` as if it were written in the app's file at `path`."""
    with transaction.atomic():
        exec(compile(code, str(settings.BASE_DIR / path), "exec"), names)


def test_a_view_that_writes_a_journal_table_itself_fails_the_tests(alice, today):
    """The check every test runs with (tests/conftest.py): code of the app outside
    journal/records/ that writes a journal table directly is refused."""
    checkin = SorenessCheckin(user=alice, date=today, soreness=3)
    with pytest.raises(AssertionError, match="journal/views/pretend.py:1 writes"):
        run_as_if_in("journal/views/pretend.py", "checkin.save()", {"checkin": checkin})
    assert not SorenessCheckin.objects.exists()
    with pytest.raises(AssertionError, match="writes journal_profile directly"):
        run_as_if_in(
            "journal/views/pretend.py",
            "Profile.objects.filter(user=alice).update(sore_threshold=3)",
            {"Profile": type(alice.profile), "alice": alice},
        )


def test_the_same_write_through_records_is_allowed_and_renews_the_stamp(alice, today):
    stamp = alice.profile.journal_stamp
    checkin = SorenessCheckin(date=today, soreness=3)
    run_as_if_in(
        "journal/views/pretend.py",
        "records.checkins.save(alice, checkin)",
        {"records": records, "alice": alice, "checkin": checkin},
    )
    assert SorenessCheckin.objects.get().soreness == 3
    alice.profile.refresh_from_db()
    assert alice.profile.journal_stamp != stamp


# The round trip: export, import into an empty account, export again gives the same document,
# for every field the app stores, on whichever database the suite runs on.

TODAY = dt.date(2026, 6, 15)
ZONES = ["UTC", "Europe/London", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"]
# As the app stores text: forms strip the ends, and PostgreSQL keeps no NUL character.
text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30
).map(str.strip)
past_days = st.integers(2, 400).map(lambda n: TODAY - dt.timedelta(days=n))
moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2026, 6, 1), timezones=st.just(dt.UTC)
)
ratings = st.integers(0, 10)
maybe_ids = st.one_of(st.none(), st.uuids().map(str))


@st.composite
def checkins(draw) -> dict:
    legs = {
        question: draw(st.sampled_from(["", "one", "both"]))
        for question in ("pain", "numbness", "weakness")
    }
    answers = {
        "pain_down_legs": legs["pain"] != "",
        "pain_both_legs": legs["pain"] == "both",
        "numbness": legs["numbness"] != "",
        "numbness_both_legs": legs["numbness"] == "both",
        "leg_weakness": legs["weakness"] != "",
        "weakness_both_legs": legs["weakness"] == "both",
        "weakness_worsening": legs["weakness"] != "" and draw(st.booleans()),
        "bladder_bowel": draw(st.booleans()),
        "fever": draw(st.booleans()),
    }
    return {
        "soreness": draw(ratings),
        "stiffness": draw(st.one_of(st.none(), ratings)),
        "note": draw(text),
        **answers,
        "created": draw(moments).isoformat(),
        "updated": draw(moments).isoformat(),
        "client_id": draw(maybe_ids),
    }


@st.composite
def entries(draw, stretches: dict[str, bool]) -> dict:
    slug = draw(st.sampled_from(sorted(stretches)))
    side = draw(st.sampled_from(["left", "right", "both"])) if stretches[slug] else "na"
    return {
        "stretch": slug,
        "hold_seconds": draw(st.one_of(st.none(), st.integers(1, 600))),
        "reps": draw(st.one_of(st.none(), st.integers(1, 100))),
        "sets": draw(st.integers(1, 10)),
        "side": side,
        "pain_during": draw(st.one_of(st.none(), ratings)),
        "note": draw(text),
        "made_worse": draw(st.booleans()),
    }


@st.composite
def journals(draw, stretches: dict[str, bool], routines: list[str]) -> dict:
    # One journal in eight has no check-ins or sessions, so that each run meets some.
    empty = draw(st.integers(0, 7)) == 0
    checkin_days = [] if empty else draw(st.lists(past_days, max_size=8, unique=True))
    sessions = [
        {
            "date": draw(past_days).isoformat(),
            "routine": draw(st.one_of(st.none(), st.sampled_from(routines))),
            "note": draw(text),
            "created": draw(moments).isoformat(),
            "client_id": draw(maybe_ids),
            "rise_answered": draw(st.booleans()),
            "entries": draw(st.lists(entries(stretches), min_size=1, max_size=3)),
        }
        for _ in range(0 if empty else draw(st.integers(0, 5)))
    ]
    resolutions = []
    for _ in range(draw(st.integers(0, 4))):
        resolved_on = draw(past_days)
        seen = draw(st.booleans())
        resolutions.append(
            {
                "flag": draw(st.sampled_from(sorted(RED_FLAGS))),
                "resolved_on": resolved_on.isoformat(),
                "outcome": "seen" if seen else "gone",
                "seen_on": (resolved_on - dt.timedelta(days=draw(st.integers(0, 9)))).isoformat()
                if seen
                else None,
                "created": draw(moments).isoformat(),
            }
        )
    reports = [
        {
            "flag": draw(st.sampled_from(sorted(RED_FLAGS))),
            "reported_on": draw(past_days).isoformat(),
            "recorded_at": draw(moments).isoformat(),
            "source": draw(st.sampled_from(["checkin", "screen", "device"])),
            "checkin": draw(st.one_of(st.none(), st.sampled_from(checkin_days).map(str)))
            if checkin_days
            else None,
            "client_id": draw(maybe_ids),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    screens = [
        {
            "answered_on": draw(past_days).isoformat(),
            "answered_at": draw(moments).isoformat(),
            **{name: draw(st.booleans()) for name in SCREEN_FLAGS},
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    activities, activity_ratings = draw(activity_history())
    return {
        "format": "stretchlog",
        "version": 2,
        "activities": activities,
        "activity_ratings": activity_ratings,
        "shares": draw(st.lists(shares(), max_size=3)),
        "profile": {
            "time_zone": draw(st.sampled_from(ZONES)),
            "worsening_threshold": draw(st.sampled_from([1, 2])),
            "sore_threshold": draw(st.integers(1, 8)),
            "report_name": draw(text),
            "date_of_birth": draw(
                st.one_of(st.none(), st.dates(dt.date(1920, 1, 1), TODAY).map(str))
            ),
            "health_caution": draw(st.sampled_from([None, True, False])),
            "caution_cleared_on": draw(st.one_of(st.none(), past_days.map(str))),
            "pointers_seen": draw(st.booleans()),
            "settings_notice": draw(text),
        },
        "checkins": [{"date": day.isoformat(), **draw(checkins())} for day in sorted(checkin_days)],
        "sessions": sessions,
        "resolutions": resolutions,
        "reports": reports,
        "screens": screens,
    }


@st.composite
def activity_history(draw) -> tuple[list[dict], list[dict]]:
    """Activities (at most five in use, as the app allows) and weeks of scores naming them."""
    made = sorted(draw(st.lists(moments, max_size=7, unique=True)))
    activities = []
    for n, created in enumerate(made):
        retired = n >= 5 or draw(st.booleans())
        activities.append(
            {
                "key": str(draw(st.uuids())),
                "name": draw(text.filter(bool)),
                "created": created.isoformat(),
                "retired_on": draw(past_days).isoformat() if retired else None,
            }
        )
    in_use = [a["name"] for a in activities if a["retired_on"] is None]
    assume(len(set(in_use)) == len(in_use))
    weeks = []
    for day in sorted(draw(st.lists(past_days, max_size=4, unique=True))):
        # A week skipped half the time, so that each run meets some.
        scored = [] if draw(st.booleans()) else [a for a in activities if draw(st.booleans())]
        weeks.append(
            {
                "date": day.isoformat(),
                "skipped": not scored,
                "created": draw(moments).isoformat(),
                "scores": [{"activity": a["key"], "score": draw(ratings)} for a in scored],
            }
        )
    return activities, weeks


@st.composite
def shares(draw) -> dict:
    start = draw(past_days)
    created = draw(moments)
    return {
        "start": start.isoformat(),
        "end": (start + dt.timedelta(days=draw(st.integers(0, 60)))).isoformat(),
        "label": draw(text),
        "created": created.isoformat(),
        "expires": (created + dt.timedelta(days=draw(st.integers(1, 90)))).isoformat(),
        "revoked": draw(st.one_of(st.none(), moments.map(dt.datetime.isoformat))),
        "openings": [
            {
                "opened": opened.isoformat(),
                "network": draw(st.sampled_from(["", "203.0.113.0/24", "2001:db8:1::/48"])),
                "browser": draw(st.sampled_from(["", "Firefox on Windows", "Safari on an iPhone"])),
                "page": draw(st.sampled_from(["report", "fhir"])),
            }
            for opened in sorted(draw(st.lists(moments, max_size=3, unique=True)), reverse=True)
        ],
    }


def exported(user: User) -> dict:
    """The export as a file holds it (JSON), without the moment it was made: of the account
    as it is in the database, as a new request would see it."""
    user = User.objects.get(pk=user.pk)
    document = json.loads(json.dumps(transfer.export_document(user)))
    del document["exported_at"]
    return document


def in_export_order(document: dict) -> dict:
    """A generated document as the export orders its records."""
    return {
        **document,
        "sessions": sorted(document["sessions"], key=lambda s: (s["date"], s["created"])),
        "resolutions": sorted(
            document["resolutions"], key=lambda r: (r["resolved_on"], r["created"])
        ),
        "reports": sorted(document["reports"], key=lambda r: (r["reported_on"], r["recorded_at"])),
        "screens": sorted(document["screens"], key=lambda s: (s["answered_on"], s["answered_at"])),
        "shares": sorted(document["shares"], key=lambda s: s["created"]),
    }


def test_export_import_export_gives_the_same_document(db, examples):
    stretches = dict(Stretch.objects.values_list("slug", "each_side"))
    routines = list(Routine.objects.values_list("slug", flat=True))
    accounts = itertools.count()

    @hypothesis_settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(document=journals(stretches, routines))
    def check(document):
        noon = dt.datetime.combine(TODAY, dt.time(12), dt.UTC)
        with time_machine.travel(noon, tick=False), transaction.atomic():
            first = make_user(f"first{next(accounts)}")
            transfer.import_document(first, document)
            original = exported(first)
            assert original == in_export_order(document)
            again = make_user(f"again{next(accounts)}")
            transfer.import_document(again, original)
            assert exported(again) == original
            transaction.set_rollback(True)
        examples.reached(
            "a red flag", any(c["fever"] or c["numbness"] for c in original["checkins"])
        )
        examples.reached("a resolution", bool(original["resolutions"]))
        examples.reached(
            "a report linked to its check-in", any(r["checkin"] for r in original["reports"])
        )
        examples.reached(
            "a screen with a yes",
            any(any(v is True for v in sc.values()) for sc in original["screens"]),
        )
        examples.reached(
            "an entry said to make things worse",
            any(e["made_worse"] for s in original["sessions"] for e in s["entries"]),
        )
        examples.reached("an empty journal", not original["checkins"] and not original["sessions"])
        examples.reached("a retired activity", any(a["retired_on"] for a in original["activities"]))
        examples.reached(
            "an activity scored", any(r["scores"] for r in original["activity_ratings"])
        )
        examples.reached("a skipped week", any(r["skipped"] for r in original["activity_ratings"]))
        examples.reached("a link opened", any(s["openings"] for s in original["shares"]))

    check()
