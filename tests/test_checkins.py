import datetime as dt
import json

import pytest
from django.urls import reverse

from journal.models import SorenessCheckin

HTMX = {"HTTP_HX_REQUEST": "true"}
NEW = reverse("checkin_create")


def checkin_data(day: dt.date, **overrides) -> dict:
    data = {"date": day.isoformat(), "soreness": "3", "stiffness": "", "note": ""}
    data.update(overrides)
    return data


def test_it_saves_a_checkin_and_goes_back_to_today(alice_client, alice, today):
    response = alice_client.post(NEW, checkin_data(today, note="Stiff after driving."))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    checkin = alice.checkins.get()
    assert (checkin.date, checkin.soreness, checkin.note) == (today, 3, "Stiff after driving.")
    assert checkin.red_flags() == frozenset()


def test_htmx_save_swaps_the_panel_and_announces_it(alice_client, alice, today):
    response = alice_client.post(NEW, checkin_data(today, soreness="6"), **HTMX)
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"checkin-saved": {}}
    assert response["HX-Retarget"] == "#checkin-panel"
    assert response.text.lstrip().startswith('<section id="checkin-panel"')
    assert "Soreness <strong>6</strong>/10" in response.text
    assert alice.checkins.get().soreness == 6


def test_it_saves_red_flag_answers(alice_client, alice, today):
    alice_client.post(NEW, checkin_data(today, pain_legs="one", bladder_bowel="on"))
    assert alice.checkins.get().red_flags() == {"pain_down_legs", "bladder_bowel"}


@pytest.mark.parametrize(
    ("answers", "saved"),
    [
        ({"numbness_legs": "one"}, {"numbness"}),
        ({"numbness_legs": "both"}, {"numbness", "numbness_both_legs"}),
        ({"weakness_legs": "both"}, {"leg_weakness", "weakness_both_legs"}),
        (
            {"weakness_legs": "one", "weakness_worsening": "on"},
            {"leg_weakness", "weakness_worsening"},
        ),
        ({"pain_legs": "both"}, {"pain_down_legs", "pain_both_legs"}),
    ],
)
def test_it_tells_one_leg_from_both_legs(alice_client, alice, today, answers, saved):
    alice_client.post(NEW, checkin_data(today, **answers))
    assert alice.checkins.get().red_flags() == saved


def test_weakness_getting_worse_without_a_leg_answer_is_kept_as_weakness(
    alice_client, alice, today
):
    """Never an error that could lose the answer: it is an emergency either way."""
    response = alice_client.post(NEW, checkin_data(today, weakness_worsening="on"))
    assert response.status_code == 302
    checkin = alice.checkins.get()
    assert checkin.weakness_worsening and checkin.leg_weakness


def test_editing_shows_the_leg_answers_saved(alice_client, alice, today):
    checkin = alice.checkins.create(
        date=today, soreness=3, numbness=True, numbness_both_legs=True, leg_weakness=True
    )
    response = alice_client.get(reverse("checkin_edit", args=[checkin.pk]))
    form = response.context["form"]
    assert (form["numbness_legs"].value(), form["weakness_legs"].value()) == ("both", "one")
    alice_client.post(
        reverse("checkin_edit", args=[checkin.pk]), checkin_data(today, numbness_legs="one")
    )
    checkin.refresh_from_db()
    assert checkin.red_flags() == {"numbness"}


@pytest.mark.parametrize("soreness", ["-1", "11", "abc", ""])
def test_it_refuses_a_rating_off_the_scale(alice_client, alice, today, soreness):
    response = alice_client.post(NEW, checkin_data(today, soreness=soreness, note="Keep me"))
    assert response.status_code == 200
    assert response.context["form"].errors["soreness"]
    assert 'class="errorlist' in response.text
    assert "Keep me" in response.text  # what was typed comes back
    assert not alice.checkins.exists()


def test_htmx_error_re_renders_the_form_with_status_200(alice_client, alice, today):
    response = alice_client.post(NEW, checkin_data(today, soreness="12"), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form id="checkin-form"')
    assert "less than or equal to 10" in response.text
    assert not alice.checkins.exists()


def test_it_refuses_a_future_date(alice_client, alice, today):
    response = alice_client.post(NEW, checkin_data(today + dt.timedelta(days=1)))
    assert response.status_code == 200
    assert "That day is still to come" in response.text
    assert not alice.checkins.exists()


def test_it_refuses_a_second_checkin_for_the_same_day(alice_client, alice, today):
    alice_client.post(NEW, checkin_data(today, soreness="2"))
    response = alice_client.post(NEW, checkin_data(today, soreness="9"))
    assert response.status_code == 200
    assert "You already have a check-in for" in response.text
    assert alice.checkins.get().soreness == 2


def test_a_checkin_can_be_for_an_earlier_day(alice_client, alice, today):
    yesterday = today - dt.timedelta(days=1)
    response = alice_client.post(NEW, checkin_data(yesterday))
    assert response["Location"] == reverse("day_detail", args=[yesterday])
    assert alice.checkins.get().date == yesterday


def test_the_form_for_an_earlier_day_starts_on_that_day(alice_client, today):
    yesterday = today - dt.timedelta(days=1)
    response = alice_client.get(NEW, {"date": yesterday.isoformat()})
    assert response.context["form"].initial["date"] == yesterday
    response = alice_client.get(NEW, {"date": "not-a-date"})
    assert response.context["form"].initial["date"] == today


def test_it_edits_a_checkin(alice_client, alice, today):
    checkin = SorenessCheckin.objects.create(user=alice, date=today, soreness=4)
    url = reverse("checkin_edit", args=[checkin.pk])
    response = alice_client.post(url, checkin_data(today, soreness="5", fever="on"))
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.soreness, checkin.fever) == (5, True)


def test_editing_onto_another_days_date_is_refused(alice_client, alice, today):
    yesterday = today - dt.timedelta(days=1)
    SorenessCheckin.objects.create(user=alice, date=yesterday, soreness=4)
    checkin = SorenessCheckin.objects.create(user=alice, date=today, soreness=5)
    url = reverse("checkin_edit", args=[checkin.pk])
    response = alice_client.post(url, checkin_data(yesterday, soreness="1"))
    assert "You already have a check-in for" in response.text
    checkin.refresh_from_db()
    assert (checkin.date, checkin.soreness) == (today, 5)


def test_it_deletes_a_checkin_after_asking(alice_client, alice, today):
    checkin = SorenessCheckin.objects.create(user=alice, date=today, soreness=4)
    url = reverse("checkin_delete", args=[checkin.pk])
    assert "Delete this check-in?" in alice_client.get(url).text
    assert alice.checkins.exists()
    response = alice_client.post(url)
    assert response["Location"] == reverse("day_detail", args=[today])
    assert not alice.checkins.exists()


def test_today_is_the_users_local_date(alice_client, alice):
    # Far enough east that it is already tomorrow somewhere while it is today in UTC,
    # or far enough west that it is still yesterday: either way, the form follows the user.
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"]:
        alice.profile.time_zone = zone
        alice.profile.save()
        response = alice_client.get(reverse("home"))
        assert response.context["day"] == alice.profile.today()
    assert (
        dt.date.fromisoformat("2000-01-01") < alice.profile.today()
    )  # sanity: a real date, not a default


def test_a_failed_save_leaves_no_soreness_button_pressed(alice_client, alice, today):
    future = (today + dt.timedelta(days=3)).isoformat()
    response = alice_client.post(reverse("checkin_create"), {"date": future, "soreness": "6"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' not in response.text
    assert "data-error-summary" in response.text
    assert not alice.checkins.exists()


def test_an_edit_that_fails_keeps_the_saved_rating_pressed(alice_client, alice, today):
    checkin = SorenessCheckin.objects.create(user=alice, date=today, soreness=3)
    future = (today + dt.timedelta(days=3)).isoformat()
    url = reverse("checkin_edit", args=[checkin.pk])
    text = alice_client.post(url, {"date": future, "soreness": "8"}).text
    assert text.count('aria-pressed="true"') == 1
    assert 'value="3" class="scale-button"' in text.split('aria-pressed="true"')[0][-200:]


def test_the_error_summary_links_to_each_field_in_error(alice_client, today):
    future = (today + dt.timedelta(days=3)).isoformat()
    text = alice_client.post(reverse("checkin_create"), {"date": future, "stiffness": "99"}).text
    summary = text.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert 'href="#id_date"' in summary
    assert 'href="#id_soreness"' in summary and 'id="id_soreness"' in text
    assert 'href="#id_stiffness"' in summary
    assert "Some answers need a change" in summary
