"""The weekly activities score's forms: naming an activity, and scoring the week."""

from collections.abc import Sequence
from typing import Any

from django import forms

from journal.models import Activity

SCORES = [(n, str(n)) for n in range(11)]


class ActivityForm(forms.ModelForm):
    """An activity's name: new, or a new name for one in use (its scores stay with it)."""

    class Meta:
        model = Activity
        fields = ["name"]
        labels = {"name": "Activity"}
        help_texts = {
            "name": "Something your back makes hard, in your own words: “putting on socks”, "
            "“sitting through a film”, “lifting my child”."
        }

    def clean_name(self) -> str:
        """A name not already in use for another of the person's activities (the database's
        journal_activity_one_name_in_use, said next to the field)."""
        name = self.cleaned_data["name"]
        others = self.instance.user.activities.filter(retired_on__isnull=True, name=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("You already have an activity with that name.")
        return name


class WeekScoresForm(forms.Form):
    """This week's score for each activity in use: 0 (cannot do it) to 10 (as well as before
    the back trouble), one row of taps each."""

    def __init__(
        self,
        *args: Any,
        activities: Sequence[Activity],
        last: dict[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        self.last = last or {}
        for activity in self.activities:
            self.fields[self.field_name(activity)] = forms.TypedChoiceField(
                label=activity.name,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a score for “{activity.name}”."},
            )

    @staticmethod
    def field_name(activity: Activity) -> str:
        return f"activity_{activity.pk}"

    def rows(self) -> list[tuple[Activity, forms.BoundField, int | None]]:
        """Each activity with its field and last week's score, for the page."""
        return [(a, self[self.field_name(a)], self.last.get(a.pk)) for a in self.activities]

    def scores(self) -> dict[Activity, int]:
        return {a: self.cleaned_data[self.field_name(a)] for a in self.activities}


def initial_scores(activities: Sequence[Activity], saved: dict[int, int]) -> dict[str, int]:
    """A week's saved scores as the form's initial values, to change them the same day."""
    return {WeekScoresForm.field_name(a): saved[a.pk] for a in activities if a.pk in saved}
