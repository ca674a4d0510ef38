"""The weekly activities score: the activities a person scores, and each week's scores.

The scale is the Patient-Specific Functional Scale (Stratford et al. 1995, Physiotherapy Canada
47:258-263): up to five everyday activities the person's back makes hard, each scored from 0
(cannot do it) to 10 (as well as before the back trouble), once a week. An activity is renamed
in place and retired with a date, never deleted, so its scores keep their meaning.
"""

import datetime as dt
import uuid

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from journal.models import MAX_ACTIVE_ACTIVITIES, Activity, ActivityRating, ActivityScore
from journal.records import shapes
from journal.records.stamp import journal_write

TOO_MANY = (
    f"You score at most {MAX_ACTIVE_ACTIVITIES} activities at a time: retire one to add another."
)


@journal_write
def add(user: User, name: str) -> Activity:
    """A new activity in use. Raises ValidationError when five are in use already."""
    if user.activities.filter(retired_on__isnull=True).count() >= MAX_ACTIVE_ACTIVITIES:
        raise ValidationError(TOO_MANY, code="too_many")
    return Activity.objects.create(user=user, name=name)


@journal_write
def rename(user: User, activity: Activity, name: str) -> Activity:
    """A new name for the same activity: its scores stay with it."""
    assert activity.user_id == user.pk
    activity.name = name
    activity.save(update_fields=["name"])
    return activity


@journal_write
def retire(user: User, activity: Activity, day: dt.date) -> None:
    """No longer scored from `day` on; the activity and its scores are kept."""
    assert activity.user_id == user.pk
    activity.retired_on = day
    activity.save(update_fields=["retired_on"])


@journal_write
def bring_back(user: User, activity: Activity) -> None:
    """A retired activity scored again. Raises ValidationError when five are in use, or one
    in use has its name."""
    assert activity.user_id == user.pk
    in_use = user.activities.filter(retired_on__isnull=True)
    if in_use.count() >= MAX_ACTIVE_ACTIVITIES:
        raise ValidationError(TOO_MANY, code="too_many")
    if in_use.filter(name=activity.name).exists():
        raise ValidationError(
            f"You already score an activity called “{activity.name}”: rename one of them first.",
            code="same_name",
        )
    activity.retired_on = None
    activity.save(update_fields=["retired_on"])


@journal_write
def save_week(user: User, day: dt.date, scores: dict[Activity, int]) -> ActivityRating:
    """The week's scores, given on `day`: a second visit the same day replaces them."""
    assert all(activity.user_id == user.pk for activity in scores)
    rating, _ = ActivityRating.objects.update_or_create(
        user=user, date=day, defaults={"skipped": False}
    )
    rating.scores.all().delete()
    ActivityScore.objects.bulk_create(
        ActivityScore(rating=rating, activity=activity, score=score)
        for activity, score in scores.items()
    )
    return rating


@journal_write
def skip_week(user: User, day: dt.date) -> None:
    """Not this week: asked again a week from `day`. Scores already given that day stay."""
    ActivityRating.objects.get_or_create(user=user, date=day, defaults={"skipped": True})


def shape(activity: Activity) -> dict:
    """The activity as JSON; its `key` names it in the scores' shapes."""
    return {
        "key": str(activity.key),
        "name": activity.name,
        "created": shapes.moment_text(activity.created),
        "retired_on": shapes.day_text(activity.retired_on),
    }


def rating_shape(rating: ActivityRating, keys: dict[int, uuid.UUID]) -> dict:
    """A week's scores as JSON, each naming its activity by key (`keys`: id to key)."""
    return {
        "date": shapes.day_text(rating.date),
        "skipped": rating.skipped,
        "created": shapes.moment_text(rating.created),
        "scores": [
            {"activity": str(keys[score.activity_id]), "score": score.score}
            for score in rating.scores.all()
        ],
    }


ActivityShape = shapes.shape_form(Activity, ["name"])


RatingShape = shapes.shape_form(ActivityRating, ["date"])


ScoreShape = shapes.shape_form(ActivityScore, ["score"])


def read(row: object, *, today: dt.date, label: str, errors: list[str]) -> Activity | None:
    """An unsaved activity from its shape, or None with what is wrong added to `errors`."""
    if not shapes.is_object(row, label, errors, ["key", "name", "created", "retired_on"]):
        return None
    assert isinstance(row, dict)
    data = shapes.form_data(row, ActivityShape, label, errors)
    created = shapes.read_moment(row, "created", label, errors)
    key = shapes.read_uuid(row, "key", label, errors)
    if row.get("key") is None:
        errors.append(f"{label}, “key”: every activity needs its key.")
    wrong = len(errors)
    retired_on = shapes.read_day(row, "retired_on", label, errors)
    day_ok = len(errors) == wrong
    if data is None or key is None:
        return None
    form = ActivityShape(data=data, today=today)
    if not shapes.form_errors(form, label, errors) or created is None or not day_ok:
        return None
    activity: Activity = form.save(commit=False)
    activity.key, activity.created, activity.retired_on = key, created, retired_on
    return activity


def read_rating(
    row: object,
    activities: dict[uuid.UUID, Activity],
    *,
    today: dt.date,
    label: str,
    errors: list[str],
) -> tuple[ActivityRating, list[ActivityScore]] | None:
    """An unsaved week of scores from its shape, each score with its activity found by key
    in `activities` (the file's), or None with what is wrong added to `errors`."""
    if not shapes.is_object(row, label, errors, ["date", "skipped", "created", "scores"]):
        return None
    assert isinstance(row, dict)
    data = shapes.form_data(row, RatingShape, label, errors)
    created = shapes.read_moment(row, "created", label, errors)
    skipped = shapes.read_yes_no(row, ["skipped"], label, errors)
    score_rows = row.get("scores", [])
    if not isinstance(score_rows, list):
        errors.append(f"{label}, “scores”: should be a list, not {shapes.json_kind(score_rows)}.")
        return None
    scores = [
        score
        for n, item in enumerate(score_rows, start=1)
        if (score := _read_score(item, activities, today, f"{label}, score {n}", errors))
    ]
    if data is None or skipped is None or created is None:
        return None
    if skipped["skipped"] and score_rows:
        errors.append(f"{label}: a skipped week has no scores.")
    if not skipped["skipped"] and not score_rows:
        errors.append(f"{label}: a week that was not skipped has at least one score.")
    if len({score.activity.key for score in scores}) < len(scores):
        errors.append(f"{label}: an activity is scored twice in one week.")
    form = RatingShape(data=data, today=today)
    if not shapes.form_errors(form, label, errors) or len(scores) < len(score_rows):
        return None
    rating: ActivityRating = form.save(commit=False)
    rating.skipped, rating.created = skipped["skipped"], created
    return rating, scores


def _read_score(
    item: object, activities: dict[uuid.UUID, Activity], today: dt.date, label: str, errors: list
) -> ActivityScore | None:
    if not shapes.is_object(item, label, errors, ["activity", "score"]):
        return None
    assert isinstance(item, dict)
    key = shapes.read_uuid(item, "activity", label, errors)
    data = shapes.form_data(item, ScoreShape, label, errors)
    activity = activities.get(key) if key else None
    if item.get("activity") is None:
        errors.append(f"{label}, “activity”: every score names its activity by its key.")
    elif key is not None and activity is None:
        errors.append(f"{label}, “activity”: no activity in the file has that key.")
    if data is None or activity is None:
        return None
    form = ScoreShape(data=data, today=today)
    if not shapes.form_errors(form, label, errors):
        return None
    score: ActivityScore = form.save(commit=False)
    score.activity = activity
    return score
