import datetime as dt
from pathlib import Path

from django.urls import reverse

from journal.models import (
    RedFlagResolution,
    SessionEntry,
    SorenessCheckin,
    Stretch,
    StretchSession,
)

REPORT = reverse("report")


def test_the_report_covers_the_last_30_days_by_default(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=1), soreness=2)
    SorenessCheckin.objects.create(
        user=alice, date=today, soreness=6, note="After gardening", pain_down_legs=True
    )
    SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=40), soreness=9)
    session = StretchSession.objects.create(user=alice, date=today - dt.timedelta(days=1))
    SessionEntry.objects.create(
        session=session, stretch=Stretch.objects.get(slug="sphinx"), hold_seconds=40, pain_during=2
    )
    response = alice_client.get(REPORT)
    assert response.status_code == 200
    text = response.text
    assert response.context["start"] == today - dt.timedelta(days=29)
    assert "After gardening" in text
    assert "Sphinx pose (held 40 s, pain 2)" in text
    assert "Pain spreading down one leg" in text  # the red-flag answer
    assert "up 4 from 2" in text  # the rest day's reason
    assert [c.soreness for c in response.context["checkins"]] == [2, 6]  # not the one 40 days ago
    assert "@media print" in Path("journal/static/journal/site.css").read_text()


def test_the_report_takes_a_date_range(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=dt.date(2025, 3, 3), soreness=5)
    response = alice_client.get(REPORT, {"start": "2025-03-01", "end": "2025-03-31"})
    assert [c.date for c in response.context["checkins"]] == [dt.date(2025, 3, 3)]
    assert "1 March 2025 to 31 March 2025" in response.text


def test_a_bad_range_is_explained(alice_client):
    response = alice_client.get(REPORT, {"start": "2025-03-10", "end": "2025-03-01"})
    assert "The end date comes before the start date." in response.text
    assert "start" not in response.context or response.context.get("checkins") is None
    response = alice_client.get(REPORT, {"start": "2020-01-01", "end": "2025-01-01"})
    assert "A report covers a year at most." in response.text
    response = alice_client.get(REPORT, {"start": "soon", "end": ""})
    assert response.status_code == 200
    assert "Enter a valid date." in response.text


def test_the_report_shows_only_the_users_own_data(bob_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=6, note="alice's note")
    response = bob_client.get(REPORT)
    assert "alice's note" not in response.text
    assert list(response.context["checkins"]) == []


def test_the_summary_comes_first_with_red_flags_and_what_became_of_them(alice_client, alice, today):
    for n, soreness in enumerate([6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2]):
        day = today - dt.timedelta(days=13 - n)
        SorenessCheckin.objects.create(user=alice, date=day, soreness=soreness, fever=n == 2)
    seen = today - dt.timedelta(days=9)
    RedFlagResolution.objects.create(
        user=alice, flag="fever", resolved_on=seen, outcome="seen", seen_on=seen
    )
    start = (today - dt.timedelta(days=13)).isoformat()
    text = alice_client.get(REPORT, {"start": start, "end": today.isoformat()}).text
    summary = text.split('id="summary-title"', 1)[1].split("</section>", 1)[0]
    assert "14 days, 14 check-ins" in summary
    assert "4.9 in the first week and 2.6 in the last (-2.3)" in summary
    assert "open on 2 days" in summary  # reported, then open until a clinician saw it
    assert f"seen by a clinician on {seen:%-d %b}" in summary
    assert text.index('id="summary-title"') < text.index('id="controls-title"')


def test_the_name_and_birth_date_on_the_report_are_the_persons_own_choice(
    alice_client, alice, today
):
    response = alice_client.post(
        REPORT, {"report_name": "Alice Liddell", "date_of_birth": "1970-05-04"}
    )
    assert response.status_code == 302
    text = alice_client.get(REPORT).text
    assert "Alice Liddell" in text and "born 4 May 1970" in text
    future = (today + dt.timedelta(days=2)).isoformat()
    text = alice_client.post(REPORT, {"report_name": "A", "date_of_birth": future}).text
    assert "A date of birth cannot be in the future." in text and "data-error-summary" in text
    alice.profile.refresh_from_db()
    assert alice.profile.report_name == "Alice Liddell"
