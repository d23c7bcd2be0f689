"""The year and defence-field filters every dashboard and its CSV downloads share."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import DefenceField

FIRST_YEAR = 1990
LAST_YEAR = 2100


@dataclass(frozen=True)
class Filters:
    """What the queries receive: a calendar year (Asia/Seoul) and a defence field, each optional."""

    year: int | None = None
    field: DefenceField | None = None


class FilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    field = forms.ModelChoiceField(
        label=_("Defence field"),
        queryset=DefenceField.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All fields"),
    )

    def filters(self) -> Filters:
        """The valid values; an invalid one is left out (the page shows the form's error)."""
        self.is_valid()
        data = self.cleaned_data  # holds only the fields that passed validation
        return Filters(year=data.get("year"), field=data.get("field"))

    def error_text(self) -> str:
        """``year: Ensure this value is …`` for each invalid field, for a 400 answer."""
        return "; ".join(
            f"{name}: {' '.join(str(error) for error in errors)}" for name, errors in self.errors.items()
        )


def filters_from(data) -> tuple[FilterForm, Filters]:
    form = FilterForm(data)
    return form, form.filters()
