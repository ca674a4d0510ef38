"""Stretchlog's data: the stretch library (stretches, their steps, routines) and
each person's journal (profile, daily soreness check-ins, stretching sessions).

Integrity lives in the database: every range, count and ordering rule below is a
constraint, and the field validators mirror them so forms (and the admin) say
what is wrong next to the field before the database has to refuse it.
"""

import datetime as dt
import hashlib
import secrets
import uuid
from zoneinfo import ZoneInfo, available_timezones

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from journal.figures import figure_problems
from journal.rules import (
    BOTH_LEGS,
    MAX_SORE_THRESHOLD,
    PAINFUL_DURING_ABOVE,
    RED_FLAGS,
    SCREEN_FLAGS,
    Checkin,
    RedFlag,
    session_rest_reason,
)

MAX_HOLD_SECONDS = 600
MAX_REPS = 100
MAX_SETS = 10


def format_span(low: int, high: int, unit: str) -> str:
    """ "30–60 s", "45 s" or, for whole minutes of a minute or more, "1–2 min"."""
    if unit == "s" and low >= 60 and low % 60 == 0 and high % 60 == 0:
        low, high, unit = low // 60, high // 60, "min"
    number = str(low) if low == high else f"{low}–{high}"
    return f"{number} {unit}".rstrip()


def describe_dose(
    *,
    hold_min: int | None,
    hold_max: int | None,
    reps_min: int | None,
    reps_max: int | None,
    sets: int,
    each_side: bool,
    moving: bool = False,
) -> str:
    """A dose in plain words: "hold 30–60 s, each side", "3–5 reps × 3 sets".

    `moving` is for stretches done in motion (cat-cow), where the time is how
    long to keep going rather than how long to stay still.
    """
    parts: list[str] = []
    if hold_min is not None and hold_max is not None:
        verb = "keep going for" if moving else "hold"
        parts.append(f"{verb} {format_span(hold_min, hold_max, 's')}")
    if reps_min is not None and reps_max is not None:
        reps = format_span(reps_min, reps_max, "")
        parts.append(f"{reps} rep{'s' if reps_max > 1 else ''}")
    text = ", ".join(parts)
    if sets > 1:
        text += f" × {sets} sets"
    if each_side:
        text += ", each side"
    return text


def validate_figure(value: object) -> None:
    """A stretch's figure must be one the renderer can draw (journal/figures.py says why not)."""
    problems = figure_problems(value)
    if problems:
        raise ValidationError(problems)


def text_lines(text: str) -> list[str]:
    """The non-blank lines of a field that holds one item a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class TargetArea(models.Model):
    """A muscle or area a stretch works, such as "Glutes" or "Lower back"."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Licence(models.TextChoices):
    """The terms a picture is shown under, as its caption names them (wger records the same)."""

    CC0 = "cc0-1.0", "CC0 1.0"
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    PUBLIC_DOMAIN = "public-domain", "Public domain"
    OWN_WORK = "own-work", "Own work"
    PERMISSION = "permission", "Used with permission"


# Where each licence's terms are written; a caption links its licence's name there.
LICENCE_URLS = {
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.PUBLIC_DOMAIN: "https://creativecommons.org/publicdomain/mark/1.0/",
}


class Picture(models.Model):
    """A photo or drawing uploaded for a stretch, as the pages show it: a page-size copy and a
    small one for cards, both WebP without the upload's metadata (journal/pictures.py).

    Stored once under names made from their content, and never changed or deleted afterwards,
    so that every version in a stretch's history can show its picture again.
    """

    image = models.FileField(max_length=200, unique=True)
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()
    card = models.FileField(max_length=200)
    card_width = models.PositiveSmallIntegerField()
    card_height = models.PositiveSmallIntegerField()
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(width__gte=1, height__gte=1, card_width__gte=1, card_height__gte=1),
                name="journal_picture_has_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.image.name} ({self.width}×{self.height})"

    def url(self) -> str:
        return reverse("media_file", args=[self.image.name])

    def card_url(self) -> str:
        return reverse("media_file", args=[self.card.name])


class Dose(models.Model):
    """How much of a stretch to do: a hold, reps, or both; sets; per side."""

    hold_seconds_min = models.SmallIntegerField(
        "hold from (s)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_SECONDS)],
    )
    hold_seconds_max = models.SmallIntegerField(
        "hold to (s)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_SECONDS)],
    )
    reps_min = models.SmallIntegerField(
        "reps from",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)],
    )
    reps_max = models.SmallIntegerField(
        "reps to",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)],
    )
    sets = models.SmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_SETS)]
    )
    each_side = models.BooleanField(
        "each side", default=False, help_text="Done once on the left and once on the right."
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(hold_seconds_min__isnull=True, hold_seconds_max__isnull=True)
                | Q(
                    hold_seconds_min__isnull=False,
                    hold_seconds_max__isnull=False,
                    hold_seconds_min__gte=1,
                    hold_seconds_max__gte=F("hold_seconds_min"),
                    hold_seconds_max__lte=MAX_HOLD_SECONDS,
                ),
                name="%(app_label)s_%(class)s_hold_range",
                violation_error_message=(
                    "The hold needs both ends, from 1 to 600 seconds, "
                    "with “hold from” no more than “hold to”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reps_min__isnull=True, reps_max__isnull=True)
                | Q(
                    reps_min__isnull=False,
                    reps_max__isnull=False,
                    reps_min__gte=1,
                    reps_max__gte=F("reps_min"),
                    reps_max__lte=MAX_REPS,
                ),
                name="%(app_label)s_%(class)s_reps_range",
                violation_error_message=(
                    "The reps need both ends, from 1 to 100, "
                    "with “reps from” no more than “reps to”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=MAX_SETS),
                name="%(app_label)s_%(class)s_sets_range",
                violation_error_message="Sets must be between 1 and 10.",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds_min__isnull=False) | Q(reps_min__isnull=False),
                name="%(app_label)s_%(class)s_has_dose",
                violation_error_message="Give a hold time, a number of reps, or both.",
            ),
        ]

    def is_moving(self) -> bool:
        return False

    def dose_text(self) -> str:
        """This dose in plain words, e.g. "hold 30–60 s, each side"."""
        return describe_dose(
            hold_min=self.hold_seconds_min,
            hold_max=self.hold_seconds_max,
            reps_min=self.reps_min,
            reps_max=self.reps_max,
            sets=self.sets,
            each_side=self.each_side,
            moving=self.is_moving(),
        )


class StretchQuerySet(models.QuerySet):
    def public(self) -> "StretchQuerySet":
        """The stretches people see: published ones (a new stretch is a draft until then)."""
        return self.filter(published=True)


class Stretch(Dose):
    """One stretch or move in the library, with its default dose.

    What people see is the published content; an editor's change waits in its `StretchDraft`
    until it is published (journal/editorial.py).
    """

    class Kind(models.TextChoices):
        STATIC = "static", "Static hold"
        DYNAMIC = "dynamic", "Dynamic (moving)"
        ACTIVE = "active", "Active (muscles working)"
        RELEASE = "release", "Release"
        BREATHING = "breathing", "Breathing"

    class Plane(models.TextChoices):
        FLEXION = "flexion", "Flexion (rounding forward)"
        EXTENSION = "extension", "Extension (arching back)"
        FLEXION_EXTENSION = "flexion-extension", "Flexion and extension"
        ROTATION = "rotation", "Rotation (twisting)"
        SIDE_BENDING = "side-bending", "Side-bending"
        NEUTRAL = "neutral", "Neutral spine (hips and legs)"

    class Position(models.TextChoices):
        BACK = "back", "Lying on your back"
        FRONT = "front", "Lying on your front"
        SIDE = "side", "Lying on your side"
        HANDS_KNEES = "hands-knees", "On hands and knees"
        KNEELING = "kneeling", "Kneeling"
        SEATED = "seated", "Sitting"
        STANDING = "standing", "Standing"

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(help_text="What the stretch does and why it helps.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    plane = models.CharField(
        "movement plane", max_length=20, choices=Plane.choices, help_text="How it moves the spine."
    )
    starting_position = models.CharField(max_length=20, choices=Position.choices)
    target_areas = models.ManyToManyField(TargetArea, related_name="stretches")
    props = models.TextField(blank=True, help_text="One prop a line.")
    modifications = models.TextField(blank=True, help_text="One modification a line.")
    cautions = models.TextField(blank=True, help_text="One caution a line.")
    source = models.CharField(max_length=200, blank=True, help_text="The guide this comes from.")
    figure = models.JSONField(
        blank=True,
        default=dict,
        validators=[validate_figure],
        help_text="The stretch drawn as a body, in its start and held positions. Drag a joint "
        "in the preview or use the arrow keys on it; the data below follows.",
    )
    picture = models.ForeignKey(
        Picture, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    picture_alt = models.CharField(
        "what the picture shows",
        max_length=300,
        blank=True,
        help_text="For people who cannot see it: the body's position, e.g. “Kneeling, sitting "
        "back on the heels, arms stretched forward on the floor”.",
    )
    picture_author = models.CharField(
        "picture by", max_length=120, blank=True, help_text="The photographer or artist."
    )
    picture_licence = models.CharField(
        "picture's licence", max_length=20, choices=Licence.choices, blank=True
    )
    picture_source = models.URLField(
        "picture's source",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where the picture was found, if it was not made for Stretchlog.",
    )
    published = models.BooleanField(
        default=True,
        editable=False,
        help_text="Shown to people. A stretch added in the admin is not, until it is published.",
    )

    objects = StretchQuerySet.as_manager()

    class Meta(Dose.Meta):
        ordering = ["name"]
        verbose_name_plural = "stretches"
        permissions = [
            ("publish_stretch", "Can publish a stretch's draft and bring back an earlier version")
        ]
        constraints = [
            *Dose.Meta.constraints,
            # No figure, or one with both positions; validate_figure checks the rest.
            models.CheckConstraint(
                condition=Q(figure={}) | Q(figure__has_keys=["start", "held"]),
                name="journal_stretch_figure_positions",
                violation_error_message="A figure needs a “start” and a “held” position.",
            ),
            models.CheckConstraint(
                condition=Q(picture__isnull=True)
                | (~Q(picture_alt="") & ~Q(picture_author="") & ~Q(picture_licence="")),
                name="journal_stretch_picture_credited",
                violation_error_message=(
                    "A picture needs what it shows, who made it and its licence."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stretch_detail", args=[self.slug])

    def is_moving(self) -> bool:
        return self.kind in {self.Kind.DYNAMIC, self.Kind.BREATHING}

    def prop_list(self) -> list[str]:
        return text_lines(self.props)

    def modification_list(self) -> list[str]:
        return text_lines(self.modifications)

    def caution_list(self) -> list[str]:
        return text_lines(self.cautions)

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.figure, dict) or not self.figure:
            return
        # The figure's side label ("Right leg shown") must agree with the dose's sides.
        shows_side = self.figure.get("side") is not None
        if self.each_side and not shows_side:
            raise ValidationError(
                {
                    "figure": "This stretch is done on each side: say which side the figure "
                    "shows, with “side”: “right” or “left”."
                }
            )
        if shows_side and not self.each_side:
            raise ValidationError(
                {"figure": "This stretch is done once, not on each side: set “side” to null."}
            )

    def picture_licence_url(self) -> str:
        return LICENCE_URLS.get(self.picture_licence, "")


class StretchDraft(models.Model):
    """An editor's unpublished change to a stretch: its whole content as JSON, in the form
    `journal.editorial.content_of` gives, until it is published or discarded."""

    stretch = models.OneToOneField(Stretch, on_delete=models.CASCADE, related_name="draft")
    content = models.JSONField()
    saved_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    saved = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Draft of {self.stretch}"


def numbered_within(
    parent: str, field: str, prefix: str, unique_message: str, positive_message: str
) -> list[models.BaseConstraint]:
    """`field` numbers rows from 1 within their `parent`, each number used once."""
    return [
        models.UniqueConstraint(
            fields=[parent, field],
            name=f"{prefix}_unique_{field}",
            violation_error_message=unique_message,
        ),
        models.CheckConstraint(
            condition=Q(**{f"{field}__gte": 1}),
            name=f"{prefix}_{field}_positive",
            violation_error_message=positive_message,
        ),
    ]


class Step(models.Model):
    """One numbered instruction of a stretch."""

    stretch = models.ForeignKey(Stretch, on_delete=models.CASCADE, related_name="steps")
    number = models.SmallIntegerField(validators=[MinValueValidator(1)])
    text = models.TextField()

    class Meta:
        ordering = ["stretch", "number"]
        constraints = numbered_within(
            "stretch",
            "number",
            "journal_step",
            "Each step of a stretch needs its own number.",
            "Step numbers start at 1.",
        )

    def __str__(self) -> str:
        return f"{self.stretch} – step {self.number}"


class Routine(models.Model):
    """An ordered set of stretches done together, each with its own dose."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField()
    how_often = models.CharField(max_length=120, blank=True, help_text='e.g. "Once or twice a day"')
    is_default = models.BooleanField(
        default=False, help_text="The routine offered first. Only one routine can be the default."
    )
    stretches = models.ManyToManyField(Stretch, through="RoutineStretch", related_name="routines")

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="journal_routine_one_default",
                violation_error_message="Another routine is already the default.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("routine_detail", args=[self.slug])


class RoutineStretch(Dose):
    """A stretch's place and dose within a routine."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="items")
    # A stretch that is not published yet cannot join a routine (and none is ever unpublished).
    stretch = models.ForeignKey(
        Stretch,
        on_delete=models.PROTECT,
        related_name="routine_items",
        limit_choices_to={"published": True},
    )
    position = models.SmallIntegerField(validators=[MinValueValidator(1)])

    class Meta(Dose.Meta):
        ordering = ["routine", "position"]
        verbose_name = "stretch in a routine"
        verbose_name_plural = "stretches in the routine"
        constraints = [
            *Dose.Meta.constraints,
            *numbered_within(
                "routine",
                "position",
                "journal_routinestretch",
                "Each stretch in a routine needs its own position.",
                "Positions start at 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.stretch}"

    def is_moving(self) -> bool:
        return self.stretch.is_moving()


# The journal: each person's own records. Every query for these starts from
# the signed-in user (see journal/views.py).

SORENESS_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]
MAX_NOTE_LENGTH = 2000
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
# The earliest day a record can be for. Nobody keeps this log from before it, and every page
# that counts back from a date (a week, the rule's look-back) stays far from the calendar's ends.
# The latest is tomorrow, wherever the person is: the forms refuse a day after the person's today.
EARLIEST_DATE = dt.date(2000, 1, 1)
DATE_VALIDATORS = [
    MinValueValidator(EARLIEST_DATE, "That day is before 2000; Stretchlog keeps days from 2000 on.")
]


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError("Choose a time zone from the list, such as Europe/London.")


class Profile(models.Model):
    """A person's settings: their time zone and the rest-day rule's thresholds."""

    class Worsening(models.IntegerChoices):
        TWO = (
            2,
            (
                "A rise of 2 points (the default): about the smallest change people with "
                "long-lasting back pain notice as real, in studies of pain getting better"
            ),
        )
        ONE = 1, "A rise of 1 point: more cautious, so more rest days"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    worsening_threshold = models.SmallIntegerField(
        "worse means",
        choices=Worsening.choices,
        default=Worsening.TWO,
        help_text="How much higher than your previous check-in or your usual level counts as "
        "getting worse.",
    )
    sore_threshold = models.SmallIntegerField(
        "particularly sore from",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SORE_THRESHOLD)],
        help_text="A soreness at or above this advises a rest day (1–8; 7 unless you want "
        "more caution).",
    )
    # Said once on today's page, then cleared: why a setting was changed for the person.
    settings_notice = models.TextField(blank=True, editable=False)
    # "Recent back or hip surgery, an injury or another health problem?" asked at sign-up (and
    # once for older accounts: None until answered). A yes shows the guides' caution on every
    # stretch and before every session until a professional has cleared the person.
    health_caution = models.BooleanField(null=True, editable=False)
    caution_cleared_on = models.DateField(null=True, blank=True, editable=False)
    # The guides' pointers before starting, shown on today's page until acknowledged.
    pointers_seen = models.BooleanField(default=False, editable=False)
    # A fresh random value after every change to the person's journal (see journal_changed):
    # charts built from the journal are cached under it, so a change is never served stale.
    # Random rather than a counter, so a restored backup cannot meet a cached value by chance.
    journal_stamp = models.UUIDField(default=uuid.uuid4, editable=False)
    # Shown only on the clinician's report, and only if the person fills them in.
    report_name = models.CharField(
        "name on the report", max_length=100, blank=True, help_text="Optional."
    )
    date_of_birth = models.DateField(
        "date of birth on the report",
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_BIRTH_DATE)],
        help_text="Optional.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(worsening_threshold__in=[1, 2]),
                name="journal_profile_worsening_threshold",
                violation_error_message="Worse means a rise of 1 or 2 points.",
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__gte=EARLIEST_BIRTH_DATE),
                name="journal_profile_date_of_birth",
                violation_error_message="A date of birth starts from 1900.",
            ),
            models.CheckConstraint(
                condition=Q(sore_threshold__gte=1, sore_threshold__lte=MAX_SORE_THRESHOLD),
                name="journal_profile_sore_threshold_1_to_8",
                violation_error_message="Particularly sore must be between 1 and 8.",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def needs_caution(self) -> bool:
        """A health problem, injury or recent surgery reported, and not cleared yet."""
        return bool(self.health_caution) and self.caution_cleared_on is None

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def today(self) -> dt.date:
        """Today's date where this person is, not where the server is."""
        return timezone.localdate(timezone=self.zone())


class SorenessCheckin(models.Model):
    """One day's soreness rating (0 no pain … 10 worst imaginable) and red-flag answers."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="checkins")
    date = models.DateField(validators=DATE_VALIDATORS)
    soreness = models.SmallIntegerField(validators=SORENESS_VALIDATORS)
    stiffness = models.SmallIntegerField(null=True, blank=True, validators=SORENESS_VALIDATORS)
    note = models.TextField(blank=True, max_length=MAX_NOTE_LENGTH)
    # Red flags: symptoms that need a clinician rather than a stretch (journal/rules.py).
    numbness = models.BooleanField(default=False)
    leg_weakness = models.BooleanField(default=False)
    pain_down_legs = models.BooleanField(default=False)
    bladder_bowel = models.BooleanField(default=False)
    fever = models.BooleanField(default=False)
    # Asked as "one leg or both legs": each of these needs its one-leg field set too.
    numbness_both_legs = models.BooleanField(default=False)
    weakness_both_legs = models.BooleanField(default=False)
    pain_both_legs = models.BooleanField(default=False)
    weakness_worsening = models.BooleanField(default=False)
    # A default rather than auto_now_add, so an import can restore the original time.
    created = models.DateTimeField(default=timezone.now, editable=False)
    # Made by the device for a check-in kept while offline, so a repeated send finds it.
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    # When the answers were last saved: a red flag resolved earlier the same day opens again
    # if a "yes" is saved after it. Set by the one function that saves a check-in
    # (journal/records/checkins.py), not by auto_now, so an import restores it as it was.
    updated = models.DateTimeField(default=timezone.now, editable=False)

    RED_FLAG_FIELDS = [
        "numbness",
        "leg_weakness",
        "pain_down_legs",
        "bladder_bowel",
        "fever",
        "numbness_both_legs",
        "weakness_both_legs",
        "pain_both_legs",
        "weakness_worsening",
    ]

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "date"],
                name="journal_checkin_one_per_day",
                violation_error_message="You already have a check-in for that day.",
            ),
            models.CheckConstraint(
                condition=Q(soreness__gte=0, soreness__lte=10),
                name="journal_checkin_soreness_range",
                violation_error_message="Soreness is rated from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=Q(stiffness__isnull=True) | Q(stiffness__gte=0, stiffness__lte=10),
                name="journal_checkin_stiffness_range",
                violation_error_message="Stiffness is rated from 0 to 10.",
            ),
            models.UniqueConstraint(
                fields=["user", "client_id"], name="journal_checkin_one_per_client_id"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{both: False}) | Q(**{one: True}),
                    name=f"journal_checkin_{both}_has_one",
                    violation_error_message="Both legs includes one leg.",
                )
                for both, one in BOTH_LEGS.items()
            ),
            models.CheckConstraint(
                condition=Q(weakness_worsening=False) | Q(leg_weakness=True),
                name="journal_checkin_weakness_worsening_has_weakness",
                violation_error_message="Weakness getting worse needs leg weakness.",
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="journal_checkin_date_from_2000",
                violation_error_message="Check-ins are for days from 2000 on.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: soreness {self.soreness}"

    def red_flags(self) -> frozenset[str]:
        """The red-flag questions answered yes."""
        return frozenset(name for name in self.RED_FLAG_FIELDS if getattr(self, name))

    def red_flag_symptoms(self) -> list[RedFlag]:
        """The red flags answered yes, as journal.rules names them (both legs, not one leg too)."""
        names = Checkin(self.date, self.soreness, self.red_flags()).red_flags
        return [flag for name, flag in RED_FLAGS.items() if name in names]

    @classmethod
    def flag_condition(cls, name: str) -> Q:
        """The check-ins that say "yes" to red flag `name` (as journal.rules reads them: a
        symptom in both legs is not also counted as the one-leg flag)."""
        condition = Q(**{name: True})
        both = next((b for b, one in BOTH_LEGS.items() if one == name), None)
        return condition & Q(**{both: False}) if both else condition


class RedFlagResolution(models.Model):
    """A person's word that a red flag is dealt with: a clinician has seen it (on `seen_on`),
    or, for a "soon" flag only, it has gone.

    It closes the reports of that flag for days up to the one it covers, recorded before it
    (journal/rules.py, `resolution_applies`); a report after it opens the flag again.
    """

    class Outcome(models.TextChoices):
        SEEN = "seen", "A clinician has seen this"
        GONE = "gone", "It has gone"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="flag_resolutions")
    flag = models.CharField(max_length=30, choices=[(k, v.symptom) for k, v in RED_FLAGS.items()])
    resolved_on = models.DateField()
    outcome = models.CharField(max_length=4, choices=Outcome.choices)
    seen_on = models.DateField("seen on", null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-resolved_on", "-created"]
        indexes = [
            models.Index(fields=["user", "flag", "resolved_on"], name="journal_flagres_user_flag")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="gone", seen_on__isnull=True)
                | Q(outcome="seen", seen_on__isnull=False, seen_on__lte=F("resolved_on")),
                name="journal_flagres_seen_has_date",
                violation_error_message="Give the date a clinician saw you, not in the future.",
            ),
            models.CheckConstraint(
                condition=Q(flag__in=list(RED_FLAGS)),
                name="journal_flagres_known_flag",
                violation_error_message="That is not one of the red-flag questions.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.flag} resolved on {self.resolved_on}: {self.outcome}"


class RedFlagReport(models.Model):
    """One answer that reported a red flag, kept whatever later happens to what it came from.

    A check-in saved with a "yes" adds one (unless that flag is open already); so does the
    screen of questions about signs of a serious cause, and a check-in a device made offline
    that could not be stored as it was. Nothing takes one back: editing a check-in to "no" or
    deleting it leaves its reports (the check-in link becomes empty), and only a resolution
    that applies to a report closes its flag (journal/rules.py, `resolution_applies`)."""

    class Source(models.TextChoices):
        CHECKIN = "checkin", "A check-in"
        SCREEN = "screen", "The questions about signs of a serious cause"
        DEVICE = "device", "A check-in made on a device"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="flag_reports")
    flag = models.CharField(max_length=30, choices=[(k, v.symptom) for k, v in RED_FLAGS.items()])
    # The day the symptom was reported for (the check-in's day), in the person's time zone then.
    reported_on = models.DateField(validators=DATE_VALIDATORS)
    recorded_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=10, choices=Source.choices)
    checkin = models.ForeignKey(
        "SorenessCheckin",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flag_reports",
    )
    # The device's id of the record it came from, for a report from a device.
    client_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["reported_on", "recorded_at", "id"]
        indexes = [models.Index(fields=["user", "flag"], name="journal_flagreport_user_flag")]
        constraints = [
            models.CheckConstraint(
                condition=Q(flag__in=list(RED_FLAGS)),
                name="journal_flagreport_known_flag",
                violation_error_message="That is not one of the red-flag questions.",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["checkin", "screen", "device"]),
                name="journal_flagreport_source",
            ),
            models.CheckConstraint(
                condition=Q(reported_on__gte=EARLIEST_DATE),
                name="journal_flagreport_date_from_2000",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.flag} reported for {self.reported_on}"

    @property
    def symptom(self) -> str:
        return RED_FLAGS[self.flag].symptom


class RedFlagScreen(models.Model):
    """The person's answers to the NHS and NICE questions about signs of a serious cause of
    back pain, beyond the daily check-in's: asked at sign-up, once for older accounts, and when
    a new spell of back pain seems to start (journal/rules.py, `screen_due`). Each "yes" is
    also a `RedFlagReport`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="flag_screens")
    answered_on = models.DateField(validators=DATE_VALIDATORS)
    answered_at = models.DateTimeField(default=timezone.now)
    trauma = models.BooleanField(default=False)
    night_pain = models.BooleanField(default=False)
    weight_loss = models.BooleanField(default=False)
    cancer_history = models.BooleanField(default=False)
    unwell = models.BooleanField(default=False)
    immunity = models.BooleanField(default=False)
    age_new_pain = models.BooleanField(default=False)

    ANSWERS = list(SCREEN_FLAGS)

    class Meta:
        ordering = ["-answered_on", "-answered_at"]
        indexes = [models.Index(fields=["user", "answered_on"], name="journal_screen_user_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__gte=EARLIEST_DATE),
                name="journal_screen_date_from_2000",
            ),
        ]

    def __str__(self) -> str:
        return f"Screen of {self.answered_on}"

    def yes(self) -> list[str]:
        """The questions answered "yes"."""
        return [name for name in self.ANSWERS if getattr(self, name)]


class StretchSession(models.Model):
    """One stretching session on a day: a set of entries, maybe from a routine."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="stretch_sessions")
    date = models.DateField(validators=DATE_VALIDATORS)
    routine = models.ForeignKey(
        Routine, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    note = models.TextField(blank=True, max_length=MAX_NOTE_LENGTH)
    created = models.DateTimeField(default=timezone.now, editable=False)
    # Made by the device for a session kept while offline, so a repeated send finds it.
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    # Set once the person has answered "did one of these make things worse?", asked when
    # their soreness rose by 2 or more the day after (journal/rules.py, soreness_rose_after).
    rise_answered = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-date", "-created"]
        indexes = [models.Index(fields=["user", "date"], name="journal_session_user_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "client_id"], name="journal_session_one_per_client_id"
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="journal_session_date_from_2000",
                violation_error_message="Sessions are for days from 2000 on.",
            ),
        ]

    def __str__(self) -> str:
        return f"Session on {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("session_detail", args=[self.pk])

    def rest_tomorrow(self) -> str:
        """Why this session's pain makes the next day a rest day, or "" (journal/rules.py)."""
        return session_rest_reason([entry.pain_during for entry in self.entries.all()])

    def too_painful(self) -> list["SessionEntry"]:
        """Entries rated above 5 for pain during them: stop those today, try a gentler way."""
        return [
            entry
            for entry in self.entries.all()
            if entry.pain_during is not None and entry.pain_during > PAINFUL_DURING_ABOVE
        ]


class SessionEntry(models.Model):
    """One stretch as done in a session: the dose actually done and how it felt."""

    class Side(models.TextChoices):
        LEFT = "left", "Left"
        RIGHT = "right", "Right"
        BOTH = "both", "Both sides"
        NOT_APPLICABLE = "na", "Not done per side"

    session = models.ForeignKey(StretchSession, on_delete=models.CASCADE, related_name="entries")
    stretch = models.ForeignKey(Stretch, on_delete=models.PROTECT, related_name="entries")
    hold_seconds = models.SmallIntegerField(
        "hold (seconds)",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "A hold is at least 1 second."),
            MaxValueValidator(MAX_HOLD_SECONDS, "A hold is at most 600 seconds (10 minutes)."),
        ],
    )
    reps = models.SmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)]
    )
    sets = models.SmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_SETS)]
    )
    side = models.CharField(max_length=5, choices=Side.choices, default=Side.NOT_APPLICABLE)
    pain_during = models.SmallIntegerField(
        "pain during (0–10)", null=True, blank=True, validators=SORENESS_VALIDATORS
    )
    note = models.CharField(max_length=500, blank=True)
    # The person's answer after a next-day rise: this stretch felt like it made things worse.
    made_worse = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["session", "id"]
        verbose_name_plural = "session entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True)
                | Q(hold_seconds__gte=1, hold_seconds__lte=MAX_HOLD_SECONDS),
                name="journal_entry_hold_range",
                violation_error_message="A hold is from 1 to 600 seconds.",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=MAX_REPS),
                name="journal_entry_reps_range",
                violation_error_message="Reps are from 1 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=MAX_SETS),
                name="journal_entry_sets_range",
                violation_error_message="Sets are from 1 to 10.",
            ),
            models.CheckConstraint(
                condition=Q(pain_during__isnull=True) | Q(pain_during__gte=0, pain_during__lte=10),
                name="journal_entry_pain_range",
                violation_error_message="Pain is rated from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=Q(side__in=["left", "right", "both", "na"]),
                name="journal_entry_side_choice",
                violation_error_message="Choose left, right, both sides, or not done per side.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stretch} ({self.session})"

    def clean(self) -> None:
        """A side only for a stretch done on each side, and then left, right or both."""
        if not self.stretch_id:
            return
        stretch = self.stretch
        if not stretch.each_side and self.side != self.Side.NOT_APPLICABLE:
            raise ValidationError(
                {"side": f"{stretch.name} works both sides at once: choose “Not done per side”."}
            )
        if stretch.each_side and self.side == self.Side.NOT_APPLICABLE:
            raise ValidationError(
                {"side": f"{stretch.name} is done on each side: choose left, right or both."}
            )

    def dose_text(self) -> str:
        """What was done, in plain words: "hold 30 s, 2 reps, left side"."""
        parts = []
        if self.hold_seconds:
            parts.append(f"held {format_span(self.hold_seconds, self.hold_seconds, 's')}")
        if self.reps:
            parts.append(f"{self.reps} rep{'s' if self.reps != 1 else ''}")
        if self.sets > 1:
            parts.append(f"{self.sets} sets")
        if self.side in {self.Side.LEFT, self.Side.RIGHT}:
            parts.append(f"{self.get_side_display().lower()} side")
        elif self.side == self.Side.BOTH:
            parts.append("both sides")
        return ", ".join(parts) or "done"


class PendingImport(models.Model):
    """An import being written. Its rows are written a few hundred at a time, each batch in a
    short transaction so that other people's writes go in between, and they belong to `holder`,
    an account nobody can sign in to, until the last batch is in; then one short transaction
    hands them all to `person`. So the person sees all of an import or none of it, and one
    that fails or is cut off half-way leaves nothing in their journal (journal/transfer.py)."""

    person = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="imports_in_progress"
    )
    holder = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    started = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Import for {self.person} started {self.started:%Y-%m-%d %H:%M}"


class WriteCheck(models.Model):
    """One row that the health check rewrites each time it is asked, so that a database that
    cannot be written (a full or read-only disk) fails the check (journal/views/health.py)."""

    checked = models.DateTimeField()

    def __str__(self) -> str:
        return f"Written at {self.checked:%Y-%m-%d %H:%M:%S}"


EVERY_DAY = 0b1111111  # Monday is bit 0, Sunday bit 6, as date.weekday() counts


def new_feed_secret() -> str:
    return secrets.token_urlsafe(24)


class ReminderSettings(models.Model):
    """When and how a person is reminded; off until they turn it on (journal/reminders/).

    `next_due` (UTC) with `next_date` and `next_slot` (the person's local day and which of its
    two times) is the next reminder, worked out whenever the settings change and after each
    one is sent; the worker finds what is due through its index alone, never by reading every
    person's settings."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="reminder_settings")
    enabled = models.BooleanField("remind me", default=False)
    first_time = models.TimeField("first reminder at", default=dt.time(8, 0))
    # The guides say once or twice a day, so never more than two.
    second_time = models.TimeField("second reminder at", null=True, blank=True)
    weekdays = models.SmallIntegerField(default=EVERY_DAY)
    by_push = models.BooleanField("notifications on my devices", default=False)
    by_email = models.BooleanField("email", default=False)
    by_calendar = models.BooleanField("my own calendar", default=False)
    # The address whose owner followed the confirmation link: email reminders go only there, so
    # nobody can sign someone else's address up for daily emails.
    email_confirmed = models.EmailField(blank=True, editable=False)
    # No reminders before this day (the person's local date): "pause for a week".
    paused_until = models.DateField(null=True, blank=True)
    # The private calendar feed's address; a new one makes the old address stop working.
    feed_secret = models.CharField(max_length=64, unique=True, default=new_feed_secret)
    next_due = models.DateTimeField(null=True, blank=True, editable=False)
    next_date = models.DateField(null=True, blank=True, editable=False)
    next_slot = models.SmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "reminder settings"
        indexes = [
            models.Index(
                fields=["next_due"],
                name="journal_reminder_next_due",
                condition=Q(next_due__isnull=False),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekdays__gte=1, weekdays__lte=EVERY_DAY),
                name="journal_reminders_some_weekday",
                violation_error_message="Choose at least one day of the week.",
            ),
            models.CheckConstraint(
                condition=Q(second_time__isnull=True) | ~Q(second_time=F("first_time")),
                name="journal_reminders_two_different_times",
                violation_error_message="The second reminder needs a different time.",
            ),
            models.CheckConstraint(
                condition=Q(next_due__isnull=True, next_date__isnull=True, next_slot__isnull=True)
                | Q(next_due__isnull=False, next_date__isnull=False, next_slot__in=[1, 2]),
                name="journal_reminders_next_is_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminders of {self.user}"

    def times(self) -> tuple[dt.time, ...]:
        """The day's reminder times, earliest first (slot 1, then slot 2)."""
        return tuple(sorted(t for t in (self.first_time, self.second_time) if t is not None))

    def on_weekdays(self) -> frozenset[int]:
        return frozenset(day for day in range(7) if self.weekdays & (1 << day))

    def email_is_confirmed(self) -> bool:
        """The account's address is the one confirmed (addresses compare without case)."""
        email = self.user.email
        return bool(email) and email.lower() == self.email_confirmed.lower()


class SentReminder(models.Model):
    """One reminder of one person's local day and slot, claimed once whatever happens next.

    The unique constraint is what makes a reminder go out at most once: a worker claims the
    (person, date, slot) by inserting this row, and a second worker, a restarted one or a
    clock that went back an hour cannot insert it again."""

    class Outcome(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        NOT_NEEDED = "not-needed", "Not needed: the day was already logged"
        STALE = "stale", "Dropped: too late to be useful"
        UNDELIVERED = "undelivered", "No channel could deliver it"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sent_reminders")
    date = models.DateField()
    slot = models.SmallIntegerField()
    due = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.QUEUED)
    # What it said: journal.reminders.schedule.Message.kind ("stretch", "rest", "check_in",
    # "clinician"); empty when nothing was sent.
    kind = models.CharField(max_length=12, blank=True)
    channels = models.CharField(max_length=40, blank=True)
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "date", "slot"], name="journal_reminder_once"),
            models.CheckConstraint(condition=Q(slot__in=[1, 2]), name="journal_reminder_slot"),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.slot} of {self.date} for {self.user}"


class PushSubscription(models.Model):
    """A browser or installed app that agreed to show this person's reminders.

    An endpoint belongs to one browser profile on one device: when someone else signs in there
    and subscribes, it moves to them, so a shared device shows only its latest person's."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Push subscription of {self.user}"


# The weekly activities score (the Patient-Specific Functional Scale: Stratford et al. 1995,
# Physiotherapy Canada 47:258-263) and the links that show a person's report to a clinician.

MAX_ACTIVE_ACTIVITIES = 5
ACTIVITY_SCORE_VALIDATORS = [
    MinValueValidator(0, "Scores go from 0 (cannot do it) to 10."),
    MaxValueValidator(10, "Scores go from 0 (cannot do it) to 10 (as before the back trouble)."),
]


class Activity(models.Model):
    """An everyday activity the person's back makes hard ("putting on socks"), scored weekly.

    Renaming keeps the row, so every score stays with it; retiring sets `retired_on` and keeps
    the row and its scores. At most MAX_ACTIVE_ACTIVITIES are in use at once (checked by its
    write functions and the import: no constraint can count rows)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(max_length=80)
    # Names the activity in an export, so the scores of a file find it again on import.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    retired_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created", "id"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="journal_activity_one_per_key"),
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(retired_on__isnull=True),
                name="journal_activity_one_name_in_use",
                violation_error_message="You already have an activity with that name.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="journal_activity_has_a_name",
                violation_error_message="Give the activity a name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityRating(models.Model):
    """One week's activities score: a score for each activity in use that day, or the week
    skipped (no scores). Today's page offers the next one a week after the last."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activity_ratings")
    date = models.DateField(validators=DATE_VALIDATORS)
    skipped = models.BooleanField(default=False, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "date"],
                name="journal_activityrating_one_per_day",
                violation_error_message="You already scored your activities that day.",
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="journal_activityrating_date_from_2000",
                violation_error_message="Scores are for days from 2000 on.",
            ),
        ]

    def __str__(self) -> str:
        return f"Activities scored on {self.date}"


class ActivityScore(models.Model):
    """One activity's score in one week: 0 (cannot do it) to 10 (as well as before)."""

    rating = models.ForeignKey(ActivityRating, on_delete=models.CASCADE, related_name="scores")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="scores")
    score = models.SmallIntegerField(validators=ACTIVITY_SCORE_VALIDATORS)

    class Meta:
        ordering = ["rating", "activity"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "activity"], name="journal_activityscore_once_a_week"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=10),
                name="journal_activityscore_range",
                violation_error_message="Scores go from 0 to 10.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.score}"


SHARE_DAYS_DEFAULT = 30
SHARE_DAYS_MAX = 90


def secret_hash(secret: str) -> str:
    """What is stored of a shared link's secret: its SHA-256, in hex. The secret has 256 bits
    of randomness (secrets.token_urlsafe(32)), so no salt or slow hash is needed: nothing of it
    can be guessed from the hash, and looking a link up stays one indexed query."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ReportShare(models.Model):
    """A link that shows the person's report of a period to whoever has it (their clinician),
    read-only, until it expires or the person revokes it.

    Only a SHA-256 hash of the link's secret is stored: the secret itself is shown once, when
    the link is made, so a copy of the database does not hold a working link. A share brought
    in by an import has no hash at all: its link stays with the account it was made in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="report_shares")
    # Null, not "", for a link with no secret (imported): a unique column holds many nulls.
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    start = models.DateField(validators=DATE_VALIDATORS)
    end = models.DateField(validators=DATE_VALIDATORS)
    label = models.CharField("who it is for", max_length=100, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)
    expires = models.DateTimeField(editable=False)
    revoked = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lte=F("end")),
                name="journal_share_start_before_end",
                violation_error_message="The end date comes before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(expires__gt=F("created")),
                name="journal_share_expires_after_made",
                violation_error_message="A link expires after it is made.",
            ),
            models.CheckConstraint(
                condition=Q(start__gte=EARLIEST_DATE),
                name="journal_share_start_from_2000",
                violation_error_message="A report starts from 2000 on.",
            ),
        ]

    def __str__(self) -> str:
        return f"Report link of {self.user} for {self.start} to {self.end}"

    def is_open(self, now: dt.datetime) -> bool:
        """The link works: not revoked, not expired, and made in this account."""
        return self.token_hash is not None and self.revoked is None and now < self.expires


class ShareOpening(models.Model):
    """One opening of a shared link, listed for the person: when, and roughly from where. The
    network is the address cut to its /24 (IPv4) or /48 (IPv6), and the browser only its
    family, so no exact address is ever stored (journal/openings.py)."""

    share = models.ForeignKey(ReportShare, on_delete=models.CASCADE, related_name="openings")
    opened = models.DateTimeField(default=timezone.now)
    network = models.CharField(max_length=50, blank=True)
    browser = models.CharField(max_length=60, blank=True)
    # Which of the link's two pages was opened.
    page = models.CharField(
        max_length=10,
        choices=[("report", "the report"), ("fhir", "the FHIR download")],
        default="report",
    )

    class Meta:
        ordering = ["-opened", "-id"]
        indexes = [models.Index(fields=["share", "opened"], name="journal_opening_share")]

    def __str__(self) -> str:
        return f"Opened {self.opened:%Y-%m-%d %H:%M} from {self.network or 'unknown'}"
