import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from journal.models import Routine, RoutineStretch, Step, Stretch, describe_dose, format_span

pytestmark = pytest.mark.django_db


def make_stretch(**overrides) -> Stretch:
    fields = {
        "name": "Test stretch",
        "slug": "test-stretch",
        "summary": "A stretch for tests.",
        "kind": Stretch.Kind.STATIC,
        "plane": Stretch.Plane.FLEXION,
        "starting_position": Stretch.Position.BACK,
        "hold_seconds_min": 20,
        "hold_seconds_max": 30,
    }
    fields.update(overrides)
    return Stretch(**fields)


def assert_refused_by_database(stretch: Stretch) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        stretch.save()


def test_it_saves_a_valid_stretch():
    stretch = make_stretch()
    stretch.full_clean()
    stretch.save()
    assert Stretch.objects.filter(slug="test-stretch").exists()


def test_it_refuses_a_hold_whose_minimum_exceeds_its_maximum():
    stretch = make_stretch(hold_seconds_min=60, hold_seconds_max=30)
    with pytest.raises(ValidationError, match="no more than “hold to”"):
        stretch.full_clean()
    assert_refused_by_database(stretch)


def test_it_refuses_a_hold_with_one_end_missing():
    stretch = make_stretch(hold_seconds_min=30, hold_seconds_max=None)
    with pytest.raises(ValidationError, match="The hold needs both ends"):
        stretch.full_clean()
    assert_refused_by_database(stretch)


def test_it_refuses_reps_whose_minimum_exceeds_its_maximum():
    stretch = make_stretch(reps_min=10, reps_max=5)
    with pytest.raises(ValidationError, match="reps need both ends"):
        stretch.full_clean()
    assert_refused_by_database(stretch)


@pytest.mark.parametrize(
    "field, value",
    [("hold_seconds_min", -5), ("reps_min", -1), ("sets", -1), ("sets", 0)],
)
def test_it_refuses_a_negative_or_zero_dose(field, value):
    stretch = make_stretch(**{"reps_min": 3, "reps_max": 5, field: value})
    with pytest.raises(ValidationError) as error:
        stretch.full_clean()
    assert field in error.value.message_dict
    assert_refused_by_database(stretch)


def test_it_refuses_a_stretch_with_no_dose_at_all():
    stretch = make_stretch(hold_seconds_min=None, hold_seconds_max=None)
    with pytest.raises(ValidationError, match="Give a hold time, a number of reps, or both"):
        stretch.full_clean()
    assert_refused_by_database(stretch)


def test_it_refuses_a_duplicate_slug():
    make_stretch().save()
    duplicate = make_stretch(name="Another")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict
    assert_refused_by_database(duplicate)


def test_it_refuses_a_step_number_repeated_within_a_stretch():
    stretch = make_stretch()
    stretch.save()
    Step.objects.create(stretch=stretch, number=1, text="First.")
    repeated = Step(stretch=stretch, number=1, text="Also first?")
    with pytest.raises(ValidationError, match="needs its own number"):
        repeated.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        repeated.save()
    assert stretch.steps.count() == 1


def test_it_allows_the_same_step_number_in_different_stretches():
    first, second = make_stretch(), make_stretch(slug="other", name="Other")
    first.save()
    second.save()
    Step.objects.create(stretch=first, number=1, text="One.")
    Step.objects.create(stretch=second, number=1, text="One.")
    assert Step.objects.filter(number=1, stretch__in=[first, second]).count() == 2


def test_it_allows_only_one_default_routine():
    Routine.objects.filter(is_default=True).update(is_default=False)
    Routine.objects.create(name="A", slug="a-routine", summary="A.", is_default=True)
    second = Routine(name="B", slug="b-routine", summary="B.", is_default=True)
    with pytest.raises(ValidationError, match="already the default"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_it_refuses_a_routine_position_used_twice():
    stretch = make_stretch()
    stretch.save()
    routine = Routine.objects.create(name="A", slug="a-routine", summary="A.")
    RoutineStretch.objects.create(
        routine=routine, stretch=stretch, position=1, hold_seconds_min=20, hold_seconds_max=30
    )
    again = RoutineStretch(routine=routine, stretch=stretch, position=1, reps_min=1, reps_max=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()


def test_routine_dose_is_checked_like_a_stretch_dose():
    stretch = make_stretch()
    stretch.save()
    routine = Routine.objects.create(name="A", slug="a-routine", summary="A.")
    item = RoutineStretch(
        routine=routine, stretch=stretch, position=1, hold_seconds_min=90, hold_seconds_max=10
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


@pytest.mark.parametrize(
    "low, high, unit, expected",
    [(30, 60, "s", "30–60 s"), (45, 45, "s", "45 s"), (60, 120, "s", "1–2 min"), (3, 5, "", "3–5")],
)
def test_format_span(low, high, unit, expected):
    assert format_span(low, high, unit) == expected


@pytest.mark.parametrize(
    "dose, expected",
    [
        (dict(hold_min=30, hold_max=60, each_side=True), "hold 30–60 s, each side"),
        (dict(hold_min=20, hold_max=60), "hold 20–60 s"),
        (dict(reps_min=5, reps_max=10, each_side=True), "5–10 reps, each side"),
        (
            dict(hold_min=10, hold_max=10, reps_min=3, reps_max=5, sets=3),
            "hold 10 s, 3–5 reps × 3 sets",
        ),
        (dict(hold_min=60, hold_max=120, moving=True), "keep going for 1–2 min"),
        (dict(reps_min=1, reps_max=1), "1 rep"),
    ],
)
def test_describe_dose(dose, expected):
    arguments = dict(hold_min=None, hold_max=None, reps_min=None, reps_max=None, sets=1)
    arguments.update(each_side=False)
    arguments.update(dose)
    assert describe_dose(**arguments) == expected
