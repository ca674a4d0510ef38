"""A person's profile (their settings and answers about themselves): its writes and its shape.

Every account has a profile: sign-up makes it with the person's answers, and an account made
any other way (the admin, `createsuperuser`, a shell, single sign-on) gets one with the
defaults on its first request (journal/middleware.py), whose first-use questions it then asks.
"""

import copy
import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from journal.models import Profile
from journal.records import shapes
from journal.records.stamp import journal_write

SETTINGS_FIELDS = ["time_zone", "worsening_threshold", "sore_threshold"]
REPORT_FIELDS = ["report_name", "date_of_birth"]
# Kept out of forms (editable=False): answered by buttons, and read from a shape by hand.
ANSWER_FIELDS = ["health_caution", "caution_cleared_on", "pointers_seen", "settings_notice"]


def create(user: User, **values: Any) -> Profile:
    """The profile of a new account, with what the person said at sign-up."""
    return Profile.objects.create(user=user, **values)


def create_many(users: list[User]) -> None:
    """Profiles with the defaults for new accounts made together (the benchmark's data)."""
    Profile.objects.bulk_create(Profile(user=user) for user in users)


def ensure(user: User) -> Profile:
    """The person's profile, made with the defaults if their account has none yet."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            profile = create(user)
    except IntegrityError:  # made meanwhile by the same person's other request
        profile = Profile.objects.get(user=user)
    user.profile = profile
    return profile


@journal_write
def save(user: User, profile: Profile, fields: list[str]) -> Profile:
    """Save the named fields of the person's profile, as a settings form changed them."""
    assert profile.user_id == user.pk
    profile.save(update_fields=fields)
    return profile


@journal_write
def answer_health_question(user: User, answer: str, today: dt.date) -> None:
    """ "yes" or "no" to the surgery, injury or health-problem question, or "cleared": a
    professional has said stretching is fine (as of `today`)."""
    profiles = Profile.objects.filter(user=user)
    if answer in {"yes", "no"}:
        profiles.update(health_caution=answer == "yes", caution_cleared_on=None)
    elif answer == "cleared":
        profiles.update(caution_cleared_on=today)


@journal_write
def pointers_seen(user: User) -> None:
    Profile.objects.filter(user=user).update(pointers_seen=True)


@journal_write
def settings_notice_seen(user: User) -> None:
    Profile.objects.filter(user=user).update(settings_notice="")


def delete_account(user: User) -> None:
    """Delete the account and everything in it: its profile, check-ins, sessions with their
    entries and red-flag answers go with it (on_delete=CASCADE)."""
    user.delete()


def shape(profile: Profile) -> dict:
    """The person's settings and answers, as JSON (not the journal's stamp, which is the
    server's own)."""
    return {
        **{name: getattr(profile, name) for name in [*SETTINGS_FIELDS, "report_name"]},
        "date_of_birth": shapes.day_text(profile.date_of_birth),
        "health_caution": profile.health_caution,
        "caution_cleared_on": shapes.day_text(profile.caution_cleared_on),
        "pointers_seen": profile.pointers_seen,
        "settings_notice": profile.settings_notice,
    }


class ProfileShape(shapes.ShapeForm):
    class Meta:
        model = Profile
        fields = [*SETTINGS_FIELDS, *REPORT_FIELDS]

    def clean_date_of_birth(self) -> dt.date | None:
        born = self.cleaned_data["date_of_birth"]
        if born and born > self.today:
            raise forms.ValidationError("A date of birth cannot be in the future.", code="future")
        return born


def read(row: object, profile: Profile, *, label: str, errors: list[str]) -> Profile:
    """`profile` with the values of the shape set on it (unsaved), or as it was with what is
    wrong added to `errors`. A value the shape leaves out keeps the profile's own."""
    if not shapes.is_object(row, label, errors, [*SETTINGS_FIELDS, *REPORT_FIELDS, *ANSWER_FIELDS]):
        return profile
    assert isinstance(row, dict)
    today = profile.today()
    data = shapes.form_data(row, ProfileShape, label, errors)
    answers = _answers(row, label, errors)
    if data is None or answers is None:
        return profile
    current = {name: getattr(profile, name) for name in [*SETTINGS_FIELDS, *REPORT_FIELDS]}
    current["date_of_birth"] = shapes.day_text(current["date_of_birth"]) or ""
    # A copy: a form that refuses a value has set it on its instance all the same.
    form = ProfileShape(data={**current, **data}, instance=copy.copy(profile), today=today)
    if not shapes.form_errors(form, label, errors):
        return profile
    imported: Profile = form.instance
    for name, value in answers.items():
        setattr(imported, name, value)
    if profile.needs_caution and not imported.needs_caution:
        # A caution the person gave this account stands until they say they are cleared here:
        # an older file's "no" never lifts it.
        imported.health_caution, imported.caution_cleared_on = True, None
    return imported


def _answers(row: dict, label: str, errors: list[str]) -> dict[str, object] | None:
    """The answers kept out of forms, checked by their JSON types."""
    answers: dict[str, object] = {}
    ok = True
    checks = {
        "health_caution": (lambda v: v is None or isinstance(v, bool), "true, false or null"),
        "pointers_seen": (lambda v: isinstance(v, bool), "true or false"),
        "settings_notice": (lambda v: isinstance(v, str) and len(v) < 2000, "text"),
        "caution_cleared_on": (
            lambda v: v is None or shapes.day_from_text(v) is not None,
            "a date or null",
        ),
    }
    for name, (fits, expected) in checks.items():
        if name not in row:
            continue
        if not fits(row[name]):
            errors.append(f"{label}, “{name}”: should be {expected}.")
            ok = False
        else:
            value = row[name]
            answers[name] = (
                shapes.day_from_text(value) if name == "caution_cleared_on" and value else value
            )
    return answers if ok else None
