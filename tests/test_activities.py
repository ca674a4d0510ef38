"""The weekly activities score: naming activities, the week's one screen, today's offer, the
trends and the report with meaningful change, and the weekly line in reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from journal.models import Activity, ActivityRating, ActivityScore, SorenessCheckin
from tests.conftest import make_user
from tests.test_reminders import remind, run_worker, utc
from tests.test_today import add_history

WEEK = reverse("activities_week")
ACTIVITIES = reverse("activities")


def activities_of(user, *names: str) -> list[Activity]:
    return [Activity.objects.create(user=user, name=name) for name in names]


def score_week(user, day: dt.date, scores: dict[Activity, int]) -> ActivityRating:
    rating = ActivityRating.objects.create(user=user, date=day)
    ActivityScore.objects.bulk_create(
        ActivityScore(rating=rating, activity=a, score=s) for a, s in scores.items()
    )
    return rating


def week_post(activities: list[Activity], *scores: int) -> dict:
    return {f"activity_{a.pk}": str(s) for a, s in zip(activities, scores, strict=True)}


def test_it_adds_up_to_five_activities_and_says_why_not_a_sixth(alice_client, alice):
    for n in range(5):
        response = alice_client.post(ACTIVITIES, {"name": f"Activity {n}"})
        assert response.status_code == 302
    response = alice_client.post(ACTIVITIES, {"name": "A sixth"})
    assert response.status_code == 200
    assert "Retire one to add another" in response.text
    assert alice.activities.count() == 5
    # Sent from a page opened before the fifth was added: said next to the field, name kept.
    assert "You score at most 5 activities at a time" in response.text
    assert 'value="A sixth"' in response.text


def test_it_refuses_an_empty_name_and_one_already_in_use(alice_client, alice):
    activities_of(alice, "Putting on socks")
    for name in ["", "   ", "Putting on socks"]:
        response = alice_client.post(ACTIVITIES, {"name": name})
        assert response.status_code == 200
        assert response.context["form"].errors["name"]
    assert alice.activities.count() == 1


def test_a_rename_keeps_the_scores_and_a_retired_activity_keeps_them_too(
    alice_client, alice, today
):
    socks, film = activities_of(alice, "Socks", "Sitting through a film")
    score_week(alice, today - dt.timedelta(days=7), {socks: 3, film: 5})
    response = alice_client.post(reverse("activity_rename", args=[socks.pk]), {"name": "Socks on"})
    assert response.status_code == 302
    socks.refresh_from_db()
    assert socks.name == "Socks on" and socks.scores.get().score == 3
    alice_client.post(reverse("activity_retire", args=[film.pk]))
    film.refresh_from_db()
    assert film.retired_on == today and film.scores.get().score == 5
    page = alice_client.get(WEEK)
    assert [a.name for a in page.context["form"].activities] == ["Socks on"]
    assert "last time 3" in page.text
    # Scored again, its history intact.
    alice_client.post(reverse("activity_retire", args=[film.pk]))
    film.refresh_from_db()
    assert film.retired_on is None


def test_a_retired_activity_comes_back_only_with_room_for_it(alice_client, alice, today):
    (old,) = activities_of(alice, "Old")
    Activity.objects.filter(pk=old.pk).update(retired_on=today)
    activities_of(alice, *[f"New {n}" for n in range(5)])
    response = alice_client.post(reverse("activity_retire", args=[old.pk]), follow=True)
    assert "Retire one to add another" in response.text
    old.refresh_from_db()
    assert old.retired_on == today


def test_a_retired_activity_does_not_come_back_beside_one_of_the_same_name(
    alice_client, alice, today
):
    (old,) = activities_of(alice, "Socks")
    Activity.objects.filter(pk=old.pk).update(retired_on=today)
    activities_of(alice, "Socks")
    response = alice_client.post(reverse("activity_retire", args=[old.pk]), follow=True)
    assert "rename one of them first" in response.text
    old.refresh_from_db()
    assert old.retired_on == today


def test_the_week_is_one_screen_saved_together_and_changed_the_same_day(alice_client, alice, today):
    activities = activities_of(alice, "Socks", "Film", "Shopping")
    response = alice_client.get(WEEK)
    assert response.status_code == 200
    assert response.text.count('type="radio"') == 33
    response = alice_client.post(WEEK, week_post(activities, 3, 4, 2))
    assert response.status_code == 302
    rating = alice.activity_ratings.get()
    assert rating.date == today and not rating.skipped
    assert sorted(rating.scores.values_list("score", flat=True)) == [2, 3, 4]
    # Again the same day: the form shows the saved scores, and saving replaces them.
    again = alice_client.get(WEEK)
    assert again.context["changing"]
    assert 'value="3" checked' in again.text
    alice_client.post(WEEK, week_post(activities, 5, 5, 5))
    assert list(alice.activity_ratings.get().scores.values_list("score", flat=True)) == [5, 5, 5]


def test_a_missing_score_is_named_next_to_its_activity_and_nothing_is_saved(alice_client, alice):
    socks, film = activities_of(alice, "Socks", "Film")
    response = alice_client.post(WEEK, {f"activity_{socks.pk}": "3", f"activity_{film.pk}": "11"})
    assert response.status_code == 200
    assert response.context["form"].errors[f"activity_{film.pk}"]
    assert not ActivityRating.objects.exists()
    response = alice_client.post(WEEK, {f"activity_{socks.pk}": "3"})
    assert "Choose a score for “Film”." in response.text


def test_the_week_can_be_skipped_and_asks_for_activities_first(alice_client, alice, today):
    assert alice_client.get(WEEK)["Location"] == ACTIVITIES
    response = alice_client.post(WEEK, {"skip": "1", "next": "/"})
    assert response["Location"] == "/"
    rating = alice.activity_ratings.get()
    assert rating.skipped and rating.date == today and not rating.scores.exists()


def test_today_offers_set_up_then_the_score_then_waits_a_week(alice_client, alice, today):
    assert "What does your back make hard?" in alice_client.get("/").text
    alice_client.post(WEEK, {"skip": "1"})  # not now
    assert alice_client.get("/").context["activities_offer"] == ""
    ActivityRating.objects.update(date=today - dt.timedelta(days=7))
    (socks,) = activities_of(alice, "Socks")
    response = alice_client.get("/")
    assert response.context["activities_offer"] == "score"
    assert "Your weekly activities score" in response.text
    alice_client.post(WEEK, {f"activity_{socks.pk}": "4"})
    assert alice_client.get("/").context["activities_offer"] == ""


def add_weeks(user, today: dt.date, weeks: int) -> list[Activity]:
    activities = activities_of(user, "Socks", "Film", "Shopping")
    for n in range(weeks):
        day = today - dt.timedelta(days=7 * n + 1)
        score_week(user, day, {a: (n + i) % 11 for i, a in enumerate(activities)})
    return activities


@pytest.mark.parametrize("days", [14, 5 * 365])
def test_the_trends_section_costs_the_same_queries_whatever_the_history(
    alice_client, alice, today, days, django_assert_num_queries
):
    add_history(alice, today, days)
    add_weeks(alice, today, days // 7)
    # As tests/test_trends.py counts, with the first check-in and session ("all time") and the
    # activities' names once weeks are scored.
    with django_assert_num_queries(19):
        response = alice_client.get(reverse("trends") + "?range=all")
    assert "Everyday activities" in response.text
    assert response.context["activity_names"] == ["Socks", "Film", "Shopping"]
    assert len(response.context["activity_weeks"]) == days // 7
    assert "Activities scores as a table" in response.text


def test_the_report_says_whether_a_change_is_meaningful(alice_client, alice, today):
    socks, film, shopping = activities_of(alice, "Socks", "Film", "Shopping")
    first = today - dt.timedelta(days=14)
    score_week(alice, first, {socks: 3, film: 4, shopping: 2})
    score_week(alice, today - dt.timedelta(days=7), {socks: 4, film: 5, shopping: 3})
    response = alice_client.get(reverse("report"))
    text = response.content.decode()
    assert "Everyday activities (average): 3.0 on" in text
    assert "(+1.0): no meaningful change." in text
    assert "Stratford et al. 1995" in text and "Ostelo et al. 2008" in text
    assert "improvement" not in text
    ActivityScore.objects.filter(rating__date=today - dt.timedelta(days=7)).update(score=7)
    text = alice_client.get(reverse("report")).content.decode()
    assert "(+4.0): a meaningful improvement." in text
    assert "Socks: 3 on" in text and "(+4): a meaningful improvement." in text


def test_the_report_says_a_worsening_of_soreness_plainly(alice_client, alice, today):
    for n in range(30):
        soreness = 2 if n >= 23 else 5  # the first week 2, the last 5 (oldest first)
        SorenessCheckin.objects.create(
            user=alice, date=today - dt.timedelta(days=n), soreness=soreness
        )
    text = alice_client.get(reverse("report")).content.decode()
    assert "Soreness: 2.0 in the first week, 5.0 in the last (+3.0): meaningfully worse." in text


@pytest.mark.django_db
def test_the_first_reminder_a_week_after_the_last_score_mentions_it(library):
    user = make_user("ann")
    (socks,) = activities_of(user, "Socks")
    score_week(user, dt.date(2027, 1, 4), {socks: 4})
    remind(user, dt.time(8), dt.time(18), now=utc(2027, 1, 10, 7))
    run_worker(utc(2027, 1, 10, 8), utc(2027, 1, 10, 8))  # six days on: not yet
    assert "activities score" not in mail.outbox[-1].body
    run_worker(utc(2027, 1, 11, 8), utc(2027, 1, 11, 8))  # a week on: the first reminder
    assert "weekly activities score" in mail.outbox[-1].body
    run_worker(utc(2027, 1, 11, 18), utc(2027, 1, 11, 18))  # not the day's second
    assert "activities score" not in mail.outbox[-1].body


@pytest.mark.parametrize("weeks", [2, 5 * 52])
def test_the_activities_pages_cost_the_same_queries_whatever_the_history(
    alice_client, alice, today, weeks, django_assert_num_queries
):
    add_weeks(alice, today, weeks)
    # Session, user, profile, the activities.
    with django_assert_num_queries(4):
        assert alice_client.get(ACTIVITIES).status_code == 200
    # Session, user, profile, the activities in use, the last week's day, today's scores (none),
    # the last scores.
    with django_assert_num_queries(7):
        assert alice_client.get(WEEK).status_code == 200
