"""Forms for saving a search and changing one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alerts import kinds
from alerts.choices import Frequency
from alerts.models import NAME_MAX_LENGTH, SavedSearch
from alerts.querystrings import QuerystringError
from core.forms import VersionedModelForm

# What a person chooses when saving; "off" is for later (or for the unsubscribe link).
SAVE_FREQUENCIES = [(Frequency.DAILY, Frequency.DAILY.label), (Frequency.WEEKLY, Frequency.WEEKLY.label)]


class SaveSearchForm(forms.Form):
    """The "Save this search" button's form: the list, its current querystring and a digest choice."""

    kind = forms.ChoiceField(choices=kinds.choices)
    querystring = forms.CharField(required=False, max_length=4000, strip=True)
    name = forms.CharField(label=_("Name"), required=False, max_length=NAME_MAX_LENGTH)
    frequency = forms.ChoiceField(
        label=_("E-mail me new matches"), choices=SAVE_FREQUENCIES, initial=Frequency.WEEKLY, required=False
    )

    def clean(self):
        cleaned = super().clean()
        kind = kinds.get(cleaned.get("kind", ""), None)
        if kind is None:
            return cleaned
        try:
            cleaned["querystring"] = kind.normalise(cleaned.get("querystring", ""))
        except QuerystringError:
            raise forms.ValidationError(
                _("This search has too many filters to save. Remove some and try again."), code="too_long"
            ) from None
        cleaned["frequency"] = cleaned.get("frequency") or Frequency.WEEKLY
        return cleaned


class SavedSearchForm(VersionedModelForm):
    """Renaming a saved search or changing its digest; a blank name keeps the current one.

    The page sends the version it showed, so a change made since (in another tab, over the API or
    by the unsubscribe link) is refused rather than overwritten. The API checks If-Match instead."""

    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["frequency"].required = False

    def clean_name(self):
        return self.cleaned_data.get("name") or self.instance.name

    def clean_frequency(self):
        return self.cleaned_data.get("frequency") or self.instance.frequency
