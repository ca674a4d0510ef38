"""The library that a fresh `migrate` loads from the guides."""

import importlib
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.template.loader import render_to_string

from journal.models import Routine, Step, Stretch

pytestmark = pytest.mark.django_db

library_migration = importlib.import_module("journal.migrations.0002_stretch_library")

# The main guide's 7 stretches, in its order, with its doses:
# (slug, hold range, reps range, each side)
GUIDE_SEVEN = [
    ("childs-pose", True, False),
    ("knee-to-chest", True, True),
    ("piriformis-stretch", True, True),
    ("seated-spinal-twist", True, True),
    ("pelvic-tilt", True, False),
    ("cat-cow", True, False),
    ("sphinx", True, False),
]

# What the other guides add, each needing at least a summary, kind, plane, targets, dose.
FURTHER = [
    "double-knee-to-chest",
    "kneeling-back-extension",
    "thread-the-needle",
    "roll-up",
    "belly-breathing",
    "towel-hamstring-stretch",
    "kneeling-glute-cross-over",
    "knee-to-opposite-shoulder",
    "quadratus-lumborum-oblique-release",
    "glute-release",
    "active-hamstring-stretch",
    "active-adductor-stretch",
    "active-hip-flexor-stretch",
    "prone-press-up",
    "cat-camel-extension-hold",
    "bridge-hold",
    "90-90-active-stretch",
    "hip-circles",
]


@pytest.mark.parametrize("slug, has_hold, each_side", GUIDE_SEVEN)
def test_every_stretch_of_the_main_guide_is_loaded_with_steps(slug, has_hold, each_side):
    stretch = Stretch.objects.get(slug=slug)
    numbers = list(stretch.steps.values_list("number", flat=True))
    assert len(numbers) >= 4
    assert numbers == list(range(1, len(numbers) + 1))
    assert (stretch.hold_seconds_min is not None) == has_hold
    assert stretch.each_side == each_side
    assert stretch.summary and stretch.target_areas.exists()


def test_the_main_guide_doses_are_kept():
    assert Stretch.objects.get(slug="knee-to-chest").dose_text() == "hold 30–60 s, each side"
    assert Stretch.objects.get(slug="piriformis-stretch").dose_text() == "hold 30–60 s, each side"
    assert Stretch.objects.get(slug="sphinx").dose_text() == "hold 30–60 s"
    tilt = Stretch.objects.get(slug="pelvic-tilt")
    assert (tilt.hold_seconds_max, tilt.reps_min, tilt.reps_max) == (10, 3, 5)
    cat_cow = Stretch.objects.get(slug="cat-cow")
    assert cat_cow.dose_text() == "keep going for 1–2 min"


def test_the_default_routine_is_the_guides_seven_in_order():
    routine = Routine.objects.get(is_default=True)
    assert routine.name == "The guide's 7 stretches"
    assert routine.how_often == "Once or twice a day"
    slugs = [item.stretch.slug for item in routine.items.all()]
    assert slugs == [slug for slug, _, _ in GUIDE_SEVEN]
    for item in routine.items.all():
        assert item.dose_text() == item.stretch.dose_text()


def test_the_other_guides_stretches_are_loaded():
    loaded = set(Stretch.objects.filter(slug__in=FURTHER).values_list("slug", flat=True))
    assert loaded == set(FURTHER)


def test_every_stretch_is_complete_enough_to_follow():
    assert Stretch.objects.count() >= 20
    for stretch in Stretch.objects.prefetch_related("steps", "target_areas"):
        assert stretch.summary, stretch.slug
        assert stretch.target_areas.all(), stretch.slug
        assert stretch.dose_text(), stretch.slug
        assert stretch.steps.all(), stretch.slug
        assert stretch.source, stretch.slug


def test_every_kind_and_plane_has_a_stretch():
    assert set(Stretch.objects.values_list("kind", flat=True)) == set(Stretch.Kind.values)
    assert set(Stretch.objects.values_list("plane", flat=True)) == set(Stretch.Plane.values)


def test_reloading_keeps_staff_edits_and_restores_what_is_missing():
    sphinx = Stretch.objects.get(slug="sphinx")
    sphinx.summary = "Edited by staff."
    sphinx.save()
    Step.objects.filter(stretch=sphinx, number=1).update(text="Staff's own first step.")
    Stretch.objects.get(slug="cat-cow").routine_items.all().delete()
    Stretch.objects.filter(slug="cat-cow").delete()
    before = Stretch.objects.count()

    library_migration.load_library(apps, SimpleNamespace(connection=connection))

    sphinx.refresh_from_db()
    assert sphinx.summary == "Edited by staff."
    assert sphinx.steps.get(number=1).text == "Staff's own first step."
    assert Stretch.objects.count() == before + 1
    assert Stretch.objects.get(slug="cat-cow").steps.exists()


def test_the_editors_group_exists():
    assert Group.objects.filter(name="Content editors").exists()


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source guides are not beside this checkout")
def test_the_content_is_in_our_own_words():
    """No run of 8 words from a source guide appears in the library or its pages."""

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    runs = set()
    for path in SEEDS.glob("0*.txt"):
        tokens = words(path.read_text())
        runs.update(" ".join(tokens[i : i + 8]) for i in range(len(tokens) - 7))

    texts = []
    for stretch in Stretch.objects.prefetch_related("steps"):
        texts += [stretch.summary, stretch.props, stretch.modifications, stretch.cautions]
        texts += [step.text for step in stretch.steps.all()]
    texts += [routine.summary for routine in Routine.objects.all()]
    texts += [
        render_to_string("journal/home.html"),
        render_to_string("journal/_before_you_start.html"),
    ]
    copied = []
    for text in texts:
        tokens = words(text)
        copied += [
            " ".join(tokens[i : i + 8])
            for i in range(len(tokens) - 7)
            if " ".join(tokens[i : i + 8]) in runs
        ]
    assert copied == []
