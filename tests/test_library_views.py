from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from journal.models import Routine, Stretch, TargetArea

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_home_links_to_the_default_routine_and_the_library(client):
    response = client.get("/")
    assert response.status_code == 200
    routine = Routine.objects.get(is_default=True)
    assert routine.get_absolute_url() in response.text
    assert reverse("library") in response.text
    assert "Before you start" in response.text


def test_library_lists_every_stretch(client):
    response = client.get(reverse("library"))
    assert response.status_code == 200
    for stretch in Stretch.objects.all():
        assert stretch.get_absolute_url() in response.text
    assert f"{Stretch.objects.count()} stretches" in response.text


def test_library_makes_a_fixed_number_of_queries(client, django_assert_num_queries):
    # stretches, their areas, the area filter, routines; no query per stretch.
    with django_assert_num_queries(4):
        client.get(reverse("library"))


def test_library_filters_by_target_area(client):
    area = TargetArea.objects.get(slug="piriformis")
    response = client.get(reverse("library"), {"area": "piriformis"})
    shown = response.context["stretches"]
    assert shown and all(area in s.target_areas.all() for s in shown)
    assert set(shown) == set(area.stretches.all())
    assert response.context["filters"] == {"area": area}


def test_library_filters_by_kind_and_plane_together(client):
    response = client.get(reverse("library"), {"kind": "static", "plane": "rotation"})
    expected = Stretch.objects.filter(kind="static", plane="rotation")
    assert expected.exists()
    assert set(response.context["stretches"]) == set(expected)


def test_library_filter_links_keep_the_other_filters(client):
    response = client.get(reverse("library"), {"kind": "static"})
    assert 'href="?kind=static&amp;plane=rotation"' in response.text
    assert (
        'href="?area=glutes&amp;kind=static"' in response.text
        or 'href="?kind=static&amp;area=glutes"' in response.text
    )


def test_library_says_when_nothing_matches(client):
    response = client.get(reverse("library"), {"kind": "breathing", "plane": "rotation"})
    assert response.context["stretches"] == []
    assert "No stretch matches" in response.text


def test_library_ignores_an_unknown_filter_with_a_message(client):
    response = client.get(reverse("library"), {"kind": "bogus", "area": "nowhere"})
    assert response.status_code == 200
    assert "isn’t one we know" in response.text
    assert len(response.context["stretches"]) == Stretch.objects.count()


def test_library_answers_htmx_with_just_the_results(client):
    response = client.get(reverse("library"), {"area": "glutes"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="library"')
    assert "HX-Request" in response["Vary"]
    full = client.get(reverse("library"), {"area": "glutes"})
    assert "<html" in full.text
    assert "HX-Request" in full["Vary"]


def test_library_refuses_post(client):
    assert client.post(reverse("library")).status_code == 405


def test_stretch_page_shows_steps_dose_props_modifications_and_cautions(client):
    stretch = Stretch.objects.get(slug="knee-to-chest")
    response = client.get(stretch.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "Hold 30–60 s, each side" in text
    steps = list(stretch.steps.all())
    positions = [
        text.index(step.text.replace("'", "&#x27;").replace('"', "&quot;")) for step in steps
    ]
    assert positions == sorted(positions)
    for item in stretch.prop_list() + stretch.modification_list():
        assert item.replace("'", "&#x27;") in text


def test_stretch_page_shows_cautions(client):
    stretch = Stretch.objects.exclude(cautions="").first()
    response = client.get(stretch.get_absolute_url())
    assert "Take care" in response.text


def test_an_unknown_stretch_is_404(client):
    assert client.get("/stretches/no-such-stretch/").status_code == 404


def test_routine_page_lists_its_stretches_in_order(client):
    routine = Routine.objects.get(is_default=True)
    response = client.get(routine.get_absolute_url())
    assert response.status_code == 200
    names = [item.stretch.name.replace("'", "&#x27;") for item in routine.items.all()]
    positions = [response.text.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Once or twice a day" in response.text


def test_routine_page_makes_a_fixed_number_of_queries(client, django_assert_num_queries):
    routine = Routine.objects.get(is_default=True)
    # routine, items with stretches, steps, target areas.
    with django_assert_num_queries(4):
        client.get(routine.get_absolute_url())


def test_an_unknown_routine_is_404(client):
    assert client.get("/routines/no-such-routine/").status_code == 404


def test_a_visitor_gets_a_next_step_on_a_routine(client, db):
    routine = Routine.objects.get(is_default=True)
    text = client.get(routine.get_absolute_url()).text
    guided = reverse("guided_session", args=[routine.slug])
    assert f'href="{reverse("signup")}?next={quote(guided)}"' in text
    assert f'href="{reverse("login")}?next={quote(guided)}"' in text


def test_signing_up_goes_on_to_the_page_asked_for_but_never_off_site(client, db):
    routine = Routine.objects.get(is_default=True)
    guided = reverse("guided_session", args=[routine.slug])
    password = "a-long-test-password"
    form = {
        "username": "newbie",
        "email": "n@example.com",
        "password1": password,
        "password2": password,
    }
    form |= {"time_zone": "UTC", "health_caution": "no"}
    response = client.post(f"{reverse('signup')}?next={guided}", form)
    # The questions about signs of a serious cause come first, then the page asked for.
    screen = response["Location"]
    assert screen == f"{reverse('screen')}?{urlencode({'next': guided})}"
    assert client.post(screen, {"next": guided})["Location"] == guided
    client.logout()
    form["username"] = "other"
    response = client.post(f"{reverse('signup')}?next=https://evil.example/", form)
    assert response["Location"] == f"{reverse('screen')}?next=%2F"
