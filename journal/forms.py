import base64
import binascii
import calendar
import datetime as dt
import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from journal import editorial, pictures, queries
from journal.models import (
    EARLIEST_DATE,
    SHARE_DAYS_DEFAULT,
    SHARE_DAYS_MAX,
    Profile,
    PushSubscription,
    RedFlagResolution,
    ReminderSettings,
    RoutineStretch,
    SessionEntry,
    SorenessCheckin,
    Stretch,
    StretchSession,
    text_lines,
)
from journal.rules import IMPLIES, ActiveFlag, may_close


class LibraryFilterForm(forms.Form):
    """The library's filters, read from the query string."""

    area = forms.ModelChoiceField(
        queryset=queries.areas_in_use(), to_field_name="slug", required=False
    )
    kind = forms.ChoiceField(choices=Stretch.Kind.choices, required=False)
    plane = forms.ChoiceField(choices=Stretch.Plane.choices, required=False)


MAX_STEPS = 30
MAX_STEP_LENGTH = 1000
PICTURE_CREDITS = {
    "picture_alt": "Say what the picture shows, for people who cannot see it.",
    "picture_author": "Say who made the picture.",
    "picture_licence": "Choose the licence the picture is shown under.",
}


class StretchEditForm(forms.ModelForm):
    """The staff's stretch editor (journal/admin.py): the stretch's fields, its steps one a
    line, and its picture with the picture's credits.

    A stretch with a draft is edited from its draft, so an editor carries on where they left
    off. An uploaded picture is checked and resized while the form is checked
    (journal/pictures.py), and stored only once the whole form is valid.
    """

    steps_text = forms.CharField(
        label="Steps",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One step a line, in order.",
    )
    picture_upload = forms.FileField(
        label="Upload a picture",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="A photo or drawing: JPEG, PNG or WebP, up to 10 MB. Its location and camera "
        "details are removed, and it is resized for the pages.",
    )
    remove_picture = forms.BooleanField(label="Remove the picture", required=False)
    picture_source = forms.URLField(
        label="Picture's source",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=Stretch._meta.get_field("picture_source").help_text,
    )

    class Meta:
        model = Stretch
        # The picture itself comes from `picture_upload` and `remove_picture`.
        fields = [*(name for name in editorial.CONTENT_FIELDS if name != "picture"), "target_areas"]

    def __init__(self, *args, instance: Stretch | None = None, **kwargs) -> None:
        editing = instance is not None and instance.pk is not None
        if editing:
            editorial.show_draft(instance)
        super().__init__(*args, instance=instance, **kwargs)
        self.prepared_picture: pictures.PreparedPicture | None = None
        if editing:
            steps = sorted(self.instance.steps.all(), key=lambda step: step.number)
            self.initial.setdefault("steps_text", "\n".join(step.text for step in steps))

    def clean_steps_text(self) -> list[str]:
        steps = text_lines(self.cleaned_data["steps_text"])
        if len(steps) > MAX_STEPS:
            raise ValidationError(f"At most {MAX_STEPS} steps, one a line.")
        for number, text in enumerate(steps, start=1):
            if len(text) > MAX_STEP_LENGTH:
                raise ValidationError(
                    f"Step {number} is {len(text)} characters long; at most {MAX_STEP_LENGTH}."
                )
        return steps

    def clean_picture_upload(self):
        upload = self.cleaned_data.get("picture_upload")
        if upload:
            try:
                self.prepared_picture = pictures.prepare(upload)
            except pictures.PictureRefused as refused:
                raise ValidationError(str(refused)) from None
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                # Browsers send a text area's lines with \r\n; the library keeps \n.
                cleaned[name] = value.replace("\r\n", "\n")
        if cleaned.get("remove_picture") and self.prepared_picture is None:
            # The picture goes, and its credits with it.
            self.instance.picture = None
            for name in [*PICTURE_CREDITS, "picture_source"]:
                cleaned[name] = ""
        elif self.prepared_picture is not None or self.instance.picture_id:
            for name, message in PICTURE_CREDITS.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe")
REGIONS += ("Indian", "Pacific")


def time_zone_choices() -> list[tuple[str, str]]:
    """Place-named zones ("Europe/London") and UTC; not the legacy aliases ("US/Eastern")."""
    names = [name for name in available_timezones() if name.split("/")[0] in REGIONS]
    return [("UTC", "UTC")] + [(name, name.replace("_", " ")) for name in sorted(names)]


class ShowLimitsMixin:
    """Put the model's number limits on the inputs (min and max), so they are hinted up front."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.IntegerField) or not hasattr(self._meta.model, name):
                continue
            for validator in self._meta.model._meta.get_field(name).validators:
                if isinstance(validator, MinValueValidator):
                    field.widget.attrs.setdefault("min", validator.limit_value)
                elif isinstance(validator, MaxValueValidator):
                    field.widget.attrs.setdefault("max", validator.limit_value)


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label="Email address", help_text="Only used to reset your password if you forget it."
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="Your days start at midnight here. We guess it from your browser.",
    )
    health_caution = forms.TypedChoiceField(
        label="Have you had back or hip surgery recently, an injury, or another health problem?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="The guides say to see a doctor or physiotherapist before starting if so.",
        error_messages={"required": "Answer yes or no: it decides what the app tells you."},
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]


class ProfileForm(ShowLimitsMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices)

    class Meta:
        model = Profile
        fields = ["time_zone", "worsening_threshold", "sore_threshold"]
        widgets = {"worsening_threshold": forms.RadioSelect}


class NotInFutureMixin:
    """For forms with a `date` field: a record can't be for a day still to come."""

    today: dt.date

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if day > self.today:
            raise ValidationError(
                "That day is still to come. Pick today or an earlier day.", code="future"
            )
        return day


# The rest of the NHS and NICE questions about signs of a serious cause (journal/rules.py,
# SCREEN_FLAGS), in the app's own words: asked on their own page, and under "anything new?" in
# every check-in.
SCREEN_QUESTIONS = {
    "trauma": "Did this back pain start after a fall, an accident or another injury?",
    "night_pain": "Do you have pain at night that does not ease when you rest?",
    "weight_loss": "Have you lost weight without trying to?",
    "cancer_history": "Have you ever had cancer?",
    "unwell": "Do you feel unwell in yourself, such as hot and shivery or sweating at night?",
    "immunity": (
        "Do you take steroid tablets long term, or have an illness or a medicine that weakens "
        "your immunity?"
    ),
    "age_new_pain": "Is this back pain new, and are you under 20 or over 50?",
}


def screen_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Tick each that is true for you",
        choices=list(SCREEN_QUESTIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


LEGS = [("", "No"), ("one", "One leg"), ("both", "Both legs")]
# Each leg question: its form field, the model's one-leg field and its both-legs field.
LEG_QUESTIONS = {
    "pain_legs": ("pain_down_legs", "pain_both_legs"),
    "numbness_legs": ("numbness", "numbness_both_legs"),
    "weakness_legs": ("leg_weakness", "weakness_both_legs"),
}


def legs_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=LEGS, required=False, widget=forms.RadioSelect)


class CheckinForm(ShowLimitsMixin, NotInFutureMixin, forms.ModelForm):
    """A day's soreness check-in, with its red-flag questions.

    Leg symptoms are asked as "no, one leg or both legs", because both legs is an emergency
    where one leg is not (journal/rules.py).
    """

    pain_legs = legs_field("Pain spreading down a leg?")
    numbness_legs = legs_field("Numbness or tingling in a leg or foot?")
    weakness_legs = legs_field("Weakness in a leg?")
    # "Anything new?", folded: the screen's questions, so a change is never a page away.
    new_flags = screen_field()

    class Meta:
        model = SorenessCheckin
        fields = ["date", "soreness", "stiffness", "note", "weakness_worsening", "bladder_bowel"]
        fields += ["fever"]
        widgets = {
            "date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "weakness_worsening": "Is the leg weakness getting worse?",
            "bladder_bowel": (
                "New trouble controlling your bladder or bowels, or numbness around your "
                "groin, bottom or inner thighs?"
            ),
            "fever": "A fever or feeling generally unwell with the back pain?",
        }
        error_messages = {
            "soreness": {"required": "Tap a number from 0 to 10 for your soreness."},
        }

    # An import checks its own dates against each other, in an account with none yet.
    look_for_existing = True

    def __init__(self, *args, user: User, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today
        self.existing: SorenessCheckin | None = None  # the day's other check-in, if any
        # The rating as saved, for the pressed button: a failed save changes the instance's
        # value, not what is stored.
        self.saved_soreness = self.instance.soreness if self.instance.pk else None
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        for name, (one, both) in LEG_QUESTIONS.items():
            if getattr(self.instance, both):
                self.initial[name] = "both"
            elif getattr(self.instance, one):
                self.initial[name] = "one"
        self.fields["date"].widget.attrs["min"] = EARLIEST_DATE.isoformat()

    def red_flag_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("pain_legs", "numbness_legs", "weakness_legs")]

    def red_flag_checkboxes(self) -> list[forms.BoundField]:
        return [self[name] for name in ("weakness_worsening", "bladder_bowel", "fever")]

    def soreness_scale(self) -> range:
        return range(0, 11)

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, (one, both) in LEG_QUESTIONS.items():
            answer = cleaned.get(name, "")
            setattr(self.instance, one, answer in {"one", "both"})
            setattr(self.instance, both, answer == "both")
        # Set now rather than when the form saves, so that what it implies is set with it.
        self.instance.weakness_worsening = bool(cleaned.get("weakness_worsening"))
        for graver, implied in IMPLIES.items():
            if getattr(self.instance, graver):
                setattr(self.instance, implied, True)
        day = cleaned.get("date")
        if day and self.look_for_existing:
            self.existing = self.user.checkins.filter(date=day).exclude(pk=self.instance.pk).first()
            if self.existing:
                self.add_error("date", duplicate_checkin_error(day))
        return cleaned


def duplicate_checkin_error(day: dt.date) -> ValidationError:
    return ValidationError(
        f"You already have a check-in for {day:%A} {day.day} {day:%B}. Edit that one instead.",
        code="duplicate",
    )


class FlagResolutionForm(forms.Form):
    """What happened to the open red flags: a clinician has seen them (when), or, for "see a
    clinician soon" flags only, they have gone (journal/rules.py, `may_close`)."""

    outcome = forms.ChoiceField(
        label="What happened?",
        choices=RedFlagResolution.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened."},
    )
    seen_on = forms.DateField(
        label="When were you seen?",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args, today: dt.date, flags: tuple[ActiveFlag, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.flags = flags
        self.fields["seen_on"].widget.attrs["max"] = today.isoformat()
        if flags:
            self.fields["seen_on"].widget.attrs["min"] = min(f.since for f in flags).isoformat()
        gone = [flag for flag in flags if may_close(flag.name, "gone")]
        if not gone:
            # Only a clinician can close an emergency or an urgent flag.
            self.fields["outcome"].choices = [RedFlagResolution.Outcome.choices[0]]
            self.fields["outcome"].initial = RedFlagResolution.Outcome.SEEN
        elif len(gone) < len(flags):
            self.fields["outcome"].help_text = (
                "“It has gone” closes only the symptoms in one leg and the others marked “see "
                "a clinician soon”; the rest need a clinician to see you."
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        seen_on = cleaned.get("seen_on")
        if cleaned.get("outcome") == RedFlagResolution.Outcome.SEEN:
            first = min((flag.since for flag in self.flags), default=None)
            if seen_on is None:
                self.add_error("seen_on", "Give the day a clinician saw you.")
            elif seen_on > self.today:
                self.add_error("seen_on", "That day is still to come.")
            elif first and seen_on < first:
                self.add_error(
                    "seen_on",
                    f"That is before you first reported these ({first:%A} {first.day} "
                    f"{first:%B}): a clinician seen then has not seen them.",
                )
        else:
            cleaned["seen_on"] = None
            if cleaned.get("outcome") and not any(
                may_close(flag.name, "gone") for flag in self.flags
            ):
                self.add_error("outcome", "These need a clinician to see you before they close.")
        return cleaned


class ScreenForm(forms.Form):
    """The NHS and NICE questions about signs of a serious cause, beyond the check-in's."""

    flags = screen_field()


class SessionForm(NotInFutureMixin, forms.ModelForm):
    class Meta:
        model = StretchSession
        fields = ["date", "note"]
        widgets = {
            "date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        self.fields["date"].widget.attrs["min"] = EARLIEST_DATE.isoformat()


class EntryForm(ShowLimitsMixin, forms.ModelForm):
    """One stretch as done: its dose, side, and how it felt."""

    stretch = forms.ModelChoiceField(
        queryset=Stretch.objects.public(),
        error_messages={"invalid_choice": "Choose a stretch from the library."},
    )

    class Meta:
        model = SessionEntry
        fields = ["stretch", "hold_seconds", "reps", "sets", "side", "pain_during", "note"]


class AtLeastOneStretch(forms.BaseFormSet):
    """A session's stretches: at least one must be left in, or there is nothing to log."""

    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if not any(self.errors) and not kept:
            raise ValidationError(
                "A session needs at least one stretch: untick one you did.", code="empty"
            )


# A routine's stretches, each can be ticked off as skipped.
EntryFormSet = forms.formset_factory(
    EntryForm, formset=AtLeastOneStretch, extra=0, can_delete=True, max_num=50
)
# A session built by hand: its first stretch is asked for with it.
FirstEntryFormSet = forms.formset_factory(
    EntryForm, formset=AtLeastOneStretch, extra=0, min_num=1, max_num=1, validate_min=True
)


def kept_entries(formset: forms.BaseFormSet) -> list[SessionEntry]:
    """The unsaved entries of a session's stretches, less those unticked as skipped."""
    return [
        entry_form.save(commit=False)
        for entry_form in formset.forms
        if entry_form.cleaned_data and not entry_form.cleaned_data.get("DELETE")
    ]


def entry_initial(item: RoutineStretch) -> dict:
    """A routine item's prescribed dose, as the starting values of an entry."""
    return {
        "stretch": item.stretch,
        "hold_seconds": item.hold_seconds_min,
        "reps": item.reps_min,
        "sets": item.sets,
        "side": SessionEntry.Side.BOTH if item.each_side else SessionEntry.Side.NOT_APPLICABLE,
    }


class ReportForm(forms.Form):
    """The dates a clinician's report covers."""

    start = forms.DateField(
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=SorenessCheckin._meta.get_field("date").validators,
    )
    end = forms.DateField(
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=SorenessCheckin._meta.get_field("date").validators,
    )

    MAX_DAYS = 366

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date comes before the start date.")
            elif (end - start).days >= self.MAX_DAYS:
                self.add_error("end", "A report covers a year at most.")
        return cleaned


class ShareForm(ReportForm):
    """A link to the report for a clinician: the dates it shows (as the report's, and none to
    come), how long it works, and (for the person's own list) who it is for."""

    days = forms.IntegerField(
        label="Works for (days)",
        initial=SHARE_DAYS_DEFAULT,
        validators=[
            MinValueValidator(1, "A link works for at least a day."),
            MaxValueValidator(SHARE_DAYS_MAX, f"A link works for {SHARE_DAYS_MAX} days at most."),
        ],
        widget=forms.NumberInput(attrs={"min": 1, "max": SHARE_DAYS_MAX}),
        help_text=f"{SHARE_DAYS_DEFAULT} unless you choose otherwise; {SHARE_DAYS_MAX} at most. "
        "You can stop it sooner at any time.",
    )
    label = forms.CharField(
        label="Who it is for (optional)",
        max_length=100,
        required=False,
        help_text="Only you see this, in your list of links.",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["start"].label = "From"
        self.fields["end"].label = "To"

    def clean(self) -> dict:
        end = self.cleaned_data.get("end")
        if end and end > self.today:
            # Said alone: the error takes the end out of what the report's checks then see.
            self.add_error("end", "That day is still to come.")
        return super().clean()


class ReportDetailsForm(forms.ModelForm):
    """The name and date of birth a person may put on their clinician's report."""

    class Meta:
        model = Profile
        fields = ["report_name", "date_of_birth"]
        widgets = {
            "date_of_birth": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def clean_date_of_birth(self) -> dt.date | None:
        born = self.cleaned_data["date_of_birth"]
        if born and born > self.instance.today():
            raise ValidationError("A date of birth cannot be in the future.", code="future")
        return born


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your Stretchlog export (JSON)",
        help_text="The file from “Download your data: JSON”. Up to 5 MB.",
    )

    # Five years of daily check-ins and two sessions a day make about 4 MB.
    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(too_big_to_import(upload.size))
        return upload


def too_big_to_import(size: int) -> str:
    return (
        f"That file is {size / 1024 / 1024:.1f} MB; an import takes files up to 5 MB. "
        "A Stretchlog export of five years of daily use is about 4 MB."
    )


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password again."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your password.", code="wrong_password")
        return password


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's length checked before anyone tries it: a
    longer one can't be an account, and the lockout records would have no room for it."""

    username = UsernameField(
        max_length=User._meta.get_field("username").max_length,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


WEEKDAYS = [(str(day), name) for day, name in enumerate(calendar.day_name)]


class ReminderSettingsForm(forms.ModelForm):
    """When and how to be reminded. Email needs an address: the form asks for one and saves it
    on the account."""

    weekdays = forms.MultipleChoiceField(
        label="On these days",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day of the week."},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="Only for your reminders and password resets.",
    )

    class Meta:
        model = ReminderSettings
        fields = ["enabled", "first_time", "second_time", "by_push", "by_email", "by_calendar"]
        widgets = {
            "first_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "second_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "second_time": "Optional: the guide suggests stretching once or twice a day.",
            "by_push": "On each phone or browser where you turn them on below.",
            "by_calendar": "A private calendar link with the reminder times: your phone’s "
            "calendar then reminds you itself.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weekdays"].initial = [str(d) for d in sorted(self.instance.on_weekdays())]
        self.fields["email"].initial = self.instance.user.email

    def clean_weekdays(self) -> int:
        return sum(1 << int(day) for day in self.cleaned_data["weekdays"])

    def clean(self) -> dict:
        data = super().clean()
        if data.get("by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Add your email address to get reminders by email.")
        if data.get("enabled") and not (
            data.get("by_push") or data.get("by_email") or data.get("by_calendar")
        ):
            self.add_error("by_push", "Choose at least one way to be reminded.")
        first, second = data.get("first_time"), data.get("second_time")
        if first and second and first == second:
            self.add_error("second_time", "The second reminder needs a different time.")
        return data

    def save(self, commit: bool = True) -> ReminderSettings:
        reminders = super().save(commit=False)
        reminders.weekdays = self.cleaned_data["weekdays"]
        user = reminders.user
        if self.cleaned_data["email"] != user.email:
            user.email = self.cleaned_data["email"]
            user.save(update_fields=["email"])
        reminders.save()
        return reminders


BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def base64url_bytes(value: str, what: str) -> bytes:
    """The bytes of a base64url value (padded or not), or a ValidationError naming `what`."""
    if not BASE64URL.fullmatch(value):
        raise ValidationError(f"The {what} is not base64url text.")
    try:
        return base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except binascii.Error as error:
        raise ValidationError(f"The {what} is not base64url text.") from error


def is_local_host(host: str | None) -> bool:
    """localhost, or an address of a private, loopback, link-local or reserved network."""
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # a name: push services are named hosts
    return not address.is_global


class PushSubscriptionForm(forms.Form):
    """A browser's push subscription, as `PushSubscription.toJSON()` gives it.

    The keys are checked for what the encryption needs (RFC 8291): the browser's public key is
    a P-256 point, uncompressed (65 bytes), and its auth secret 16 bytes. A key that passed
    here can always be encrypted to, so a send never fails on what a page once posted."""

    endpoint = forms.URLField(
        max_length=PushSubscription._meta.get_field("endpoint").max_length,
        assume_scheme="https",
    )
    p256dh = forms.CharField(
        max_length=PushSubscription._meta.get_field("p256dh").max_length, strip=False
    )
    auth = forms.CharField(
        max_length=PushSubscription._meta.get_field("auth").max_length, strip=False
    )

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        if settings.PUSH_LOCAL_ENDPOINTS:
            if not endpoint.startswith(("https://", "http://")):
                raise ValidationError("The endpoint must be an https or http address.")
        elif not endpoint.startswith("https://") or is_local_host(urlsplit(endpoint).hostname):
            raise ValidationError("The endpoint must be a push service’s public https address.")
        return endpoint

    def clean_p256dh(self) -> str:
        value = self.cleaned_data["p256dh"]
        point = base64url_bytes(value, "browser's public key")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        except ValueError as error:
            raise ValidationError("The browser's public key is not a P-256 point.") from error
        if len(point) != 65:
            raise ValidationError("The browser's public key is not an uncompressed P-256 point.")
        return value.rstrip("=")

    def clean_auth(self) -> str:
        value = self.cleaned_data["auth"]
        if len(base64url_bytes(value, "auth secret")) != 16:
            raise ValidationError("The auth secret is not 16 bytes.")
        return value.rstrip("=")
