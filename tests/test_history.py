import datetime as dt

from django.urls import reverse

from journal.models import SorenessCheckin, Stretch, StretchSession


def test_history_shows_the_month_with_soreness_sessions_and_rest(alice_client, alice, today):
    yesterday = today - dt.timedelta(days=1)
    SorenessCheckin.objects.create(user=alice, date=yesterday, soreness=2)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=5)
    StretchSession.objects.create(user=alice, date=today)
    response = alice_client.get(reverse("history"), {"month": today.strftime("%Y-%m")})
    assert response.status_code == 200
    cells = {c["date"]: c for week in response.context["weeks"] for c in week}
    assert cells[today]["advice"].should_rest
    assert cells[today]["sessions"] == 1
    assert cells[yesterday]["advice"].soreness == 2
    assert "rest advised but stretched" in response.text
    listed = [c["date"] for c in response.context["listed"]]
    assert today in listed
    if yesterday.month == today.month:
        assert listed.index(today) < listed.index(yesterday)


def test_history_marks_a_rest_day_that_was_rested(alice_client, alice, today):
    yesterday = today - dt.timedelta(days=1)
    SorenessCheckin.objects.create(user=alice, date=yesterday, soreness=9)
    response = alice_client.get(reverse("history"), {"month": yesterday.strftime("%Y-%m")})
    assert "rest advised and rested" in response.text


def test_today_is_not_yet_rested_while_it_lasts(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=9)
    text = alice_client.get(reverse("history")).text
    assert "rested" not in text
    assert "not yet" in text


def test_history_moves_between_months_but_not_past_today(alice_client, today):
    response = alice_client.get(reverse("history"))
    assert response.context["next_month"] is None
    assert response.context["month"] == today.replace(day=1)
    earlier = alice_client.get(reverse("history"), {"month": "2025-02"})
    assert earlier.context["month"] == dt.date(2025, 2, 1)
    assert earlier.context["next_month"] == dt.date(2025, 3, 1)


def test_a_bad_month_shows_this_month(alice_client, today):
    for month in ["2025-13", "abc", "2025", "0-0"]:
        response = alice_client.get(reverse("history"), {"month": month})
        assert response.status_code == 200
        assert response.context["month"] == today.replace(day=1)


def test_history_makes_a_fixed_number_of_queries(
    alice_client, alice, today, django_assert_num_queries
):
    for n in range(60):
        SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=n), soreness=3)
        StretchSession.objects.create(user=alice, date=today - dt.timedelta(days=n))
    # session, user, profile, check-ins, resolutions in the rule's window, the latest
    # resolution of each flag, the flags open before the window, the stretches done in the
    # rule's window, session counts, check-in ids.
    with django_assert_num_queries(10):
        alice_client.get(reverse("history"))


def test_the_day_page_shows_the_checkin_sessions_and_advice(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=8, note="Bad night")
    session = StretchSession.objects.create(user=alice, date=today)
    session.entries.create(stretch=Stretch.objects.get(slug="sphinx"), hold_seconds=40)
    response = alice_client.get(reverse("day_detail", args=[today]))
    assert "Bad night" in response.text
    assert "Sphinx" in response.text and "held 40 s" in response.text
    assert "particularly sore" in response.text


def test_a_day_still_to_come_is_404(alice_client, today):
    assert (
        alice_client.get(reverse("day_detail", args=[today + dt.timedelta(days=2)])).status_code
        == 404
    )
