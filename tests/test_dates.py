"""Odd dates, in a URL or in a stored row: a page or a clear 404, never a 500; and the
journal holds days from 2000 to the person's today only."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from journal.forms import CheckinForm, SessionForm
from journal.models import SorenessCheckin, StretchSession

ODD_MONTHS = ["9999-12", "0001-01", "0000-00", "1999-12", "2000-00", "-1-5", "2026-13"]


@pytest.mark.parametrize("month", ODD_MONTHS)
def test_history_of_an_odd_month_is_a_page_or_a_404(alice_client, month):
    response = alice_client.get(reverse("history"), {"month": month})
    assert response.status_code in {200, 404}, month


def test_history_of_a_month_out_of_range_is_a_404_and_its_ends_have_no_link_beyond(
    alice_client, today
):
    assert alice_client.get(reverse("history"), {"month": "9999-12"}).status_code == 404
    assert alice_client.get(reverse("history"), {"month": "1999-12"}).status_code == 404
    first = alice_client.get(reverse("history"), {"month": "2000-01"})
    assert first.status_code == 200 and 'rel="prev"' not in first.text


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "9999-12-31", "2000-02-30"])
def test_a_day_page_out_of_range_is_a_404(alice_client, day):
    assert alice_client.get(f"/days/{day}/").status_code == 404


def test_the_first_day_of_the_journal_has_a_page(alice_client):
    assert alice_client.get("/days/2000-01-01/").status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_an_odd_date_in_a_query_falls_back_to_today(alice_client, day):
    for name in ["advice_panel", "checkin_create", "session_create"]:
        response = alice_client.get(reverse(name), {"date": day})
        assert response.status_code == 200, name


def test_a_report_of_odd_dates_says_what_is_wrong(alice_client):
    response = alice_client.get(reverse("report"), {"start": "0001-01-01", "end": "0001-12-31"})
    assert response.status_code == 200
    assert "before 2000" in response.text
    response = alice_client.get(reverse("report"), {"start": "9999-01-01", "end": "9999-12-31"})
    assert response.status_code == 200


def test_the_database_refuses_a_day_before_2000(alice):
    for model in (SorenessCheckin, StretchSession):
        extra = {"soreness": 1} if model is SorenessCheckin else {}
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(user=alice, date=dt.date(1999, 12, 31), **extra)


def test_the_forms_refuse_days_before_2000_and_after_today(alice, today):
    for day, message in [("1999-12-31", "before 2000"), ("9999-12-31", "still to come")]:
        checkin = CheckinForm(data={"date": day, "soreness": "2"}, user=alice, today=today)
        session = SessionForm(data={"date": day}, today=today)
        for form in (checkin, session):
            assert not form.is_valid()
            assert message in form.errors["date"][0]


def test_a_stored_row_in_year_9999_breaks_no_page(alice_client, alice, today):
    """Rows written before the import was checked as the forms check could be anywhere in the
    calendar; every page still answers."""
    SorenessCheckin.objects.create(user=alice, date=dt.date(9999, 12, 31), soreness=3)
    StretchSession.objects.create(user=alice, date=dt.date(9999, 12, 31))
    SorenessCheckin.objects.create(user=alice, date=dt.date(2000, 1, 1), soreness=3)
    for url in [
        "/trends/?range=all",
        "/trends/?range=30",
        "/history/",
        "/history/?month=2000-01",
        "/",
        "/days/2000-01-01/",
        "/export/data.json",
        "/export/data.zip",
        "/report/?start=2000-01-01&end=2000-12-31",
    ]:
        assert alice_client.get(url).status_code == 200, url
