"""The form that makes a link to the report for a clinician."""

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from journal.models import DATE_VALIDATORS, SHARE_DAYS_DEFAULT, SHARE_DAYS_MAX

# As the report itself: a year at most.
MAX_REPORT_DAYS = 366


class ShareForm(forms.Form):
    """The dates the link shows, how long it works, and (for the person's own list) who it is
    for."""

    start = forms.DateField(
        label="From",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=DATE_VALIDATORS,
    )
    end = forms.DateField(
        label="To",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=DATE_VALIDATORS,
    )
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

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if end and end > self.today:
            self.add_error("end", "That day is still to come.")
        elif start and end:
            if end < start:
                self.add_error("end", "The end date comes before the start date.")
            elif (end - start).days >= MAX_REPORT_DAYS:
                self.add_error("end", "A report covers a year at most.")
        return cleaned
