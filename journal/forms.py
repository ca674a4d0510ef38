from django import forms

from journal.models import Stretch, TargetArea


class LibraryFilterForm(forms.Form):
    """The library's filters, read from the query string."""

    area = forms.ModelChoiceField(
        queryset=TargetArea.objects.all(), to_field_name="slug", required=False
    )
    kind = forms.ChoiceField(choices=Stretch.Kind.choices, required=False)
    plane = forms.ChoiceField(choices=Stretch.Plane.choices, required=False)
