"""Stretch figures on the pages (journal/templatetags/poses.py): the library, a stretch, a
routine, the guided session and the clinician report, each with its text alternatives."""

import copy
import gzip
import html
import logging

import pytest
from django.urls import reverse

from journal.figures import other_side_alt
from journal.models import Routine, SessionEntry, Stretch, StretchSession
from tests.conftest import checked_in

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}
# What the 25 figures may add to the library page on the wire, gzipped as the app serves it.
LIBRARY_FIGURES_BUDGET = 60_000


def alt(stretch: Stretch, position: str = "held") -> str:
    """The text alternative as it appears in the page's HTML."""
    return f'aria-label="{html.escape(stretch.figure[position]["alt"])}"'


def test_the_library_shows_each_stretchs_held_position_with_its_words(client):
    text = client.get(reverse("library")).text
    stretches = Stretch.objects.all()
    assert text.count('class="pose card-pose"') == stretches.count() == 25
    for stretch in stretches:
        assert alt(stretch) in text, stretch.slug


def test_the_library_figures_add_under_60_kb_on_the_wire(client):
    with_figures = client.get(reverse("library"), **GZIP)
    assert with_figures["Content-Encoding"] == "gzip"
    Stretch.objects.update(figure={})
    without = client.get(reverse("library"), **GZIP)
    added = len(with_figures.content) - len(without.content)
    assert 0 < added < LIBRARY_FIGURES_BUDGET
    # And each figure stays small before compression too.
    raw = len(gzip.decompress(with_figures.content)) - len(gzip.decompress(without.content))
    assert raw / 25 < 2_000


def test_the_stretch_page_shows_both_positions_labelled_with_the_side(client):
    stretch = Stretch.objects.get(slug="knee-to-chest")
    response = client.get(stretch.get_absolute_url())
    text = response.text
    assert '<p class="pose-label">Start</p>' in text
    assert '<p class="pose-label">Hold</p>' in text
    assert alt(stretch, "start") in text and alt(stretch, "held") in text
    assert '<figcaption class="pose-side">Right leg shown; then switch sides</figcaption>' in text
    # Moving where the person allows it, with a way to keep it still.
    assert "pose-moves" in text
    assert "Show the two positions side by side" in text


def test_a_stretch_done_once_has_no_side_label(client):
    text = client.get(Stretch.objects.get(slug="sphinx").get_absolute_url()).text
    assert '<p class="pose-label">Hold</p>' in text
    assert "pose-side" not in text


def test_the_routine_page_shows_each_stretch_small_and_still(client):
    routine = Routine.objects.get(slug="guides-7-stretches")
    text = client.get(routine.get_absolute_url()).text
    assert text.count('class="pose-figure pose-small"') == routine.items.count()
    assert "pose-moves" not in text  # it prints: two still positions
    for item in routine.items.all():
        assert alt(item.stretch, "start") in text and alt(item.stretch, "held") in text


def test_the_guided_session_holds_each_stretchs_figure_for_the_script(alice_client, alice):
    checked_in(alice)
    routine = Routine.objects.get(slug="guides-7-stretches")
    text = alice_client.get(reverse("guided_session", args=[routine.slug])).text
    for n, item in enumerate(routine.items.all()):
        assert f'<figure class="guided-figure" data-stretch="{n}"' in text
        assert alt(item.stretch) in text
    # An each-side figure carries what to say for the other side, turned round.
    assert 'data-side="right"' in text
    assert 'data-label-left="Left leg shown; then switch sides"' in text
    knee = Stretch.objects.get(slug="knee-to-chest").figure["held"]["alt"]
    assert f'data-alt-left="{html.escape(other_side_alt(knee))}"' in text
    assert "the left knee drawn toward the chest" in other_side_alt(knee)


def test_the_report_shows_a_small_figure_beside_a_stretch_that_seemed_to_hurt(
    alice_client, alice, today
):
    sphinx = Stretch.objects.get(slug="sphinx")
    session = StretchSession.objects.create(user=alice, date=today)
    SessionEntry.objects.create(session=session, stretch=sphinx, hold_seconds=30, pain_during=7)
    text = alice_client.get(reverse("report")).text
    assert 'class="pose report-pose"' in text
    assert alt(sphinx) in text


def test_a_stretch_without_a_figure_shows_its_pages_without_one(client):
    stretch = Stretch.objects.get(slug="sphinx")
    stretch.figure = {}
    stretch.save()
    response = client.get(stretch.get_absolute_url())
    assert response.status_code == 200
    assert "pose-figure" not in response.text
    assert client.get(reverse("library")).text.count('class="pose card-pose"') == 24


def test_a_figure_that_cannot_be_drawn_is_left_out_and_logged_not_a_500(client, caplog):
    stretch = Stretch.objects.get(slug="sphinx")
    figure = copy.deepcopy(stretch.figure)
    figure["held"]["joints"]["head"] = [999, 0]
    # Past the admin's checks, as a shell or an old backup might.
    Stretch.objects.filter(pk=stretch.pk).update(figure=figure)
    with caplog.at_level(logging.WARNING, logger="journal.templatetags.poses"):
        response = client.get(stretch.get_absolute_url())
    assert response.status_code == 200
    assert "pose-figure" not in response.text
    assert "The figure of sphinx cannot be drawn" in caplog.text
