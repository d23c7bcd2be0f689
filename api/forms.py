"""The form an organisation's administrator fills in to create an API key."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiKeyScope

LIFETIME_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("730", _("2 years")),
]


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, so that colleagues recognise it, e.g. “ERP export”."),
    )
    scope = forms.ChoiceField(
        label=_("Permissions"),
        choices=ApiKeyScope.choices,
        initial=ApiKeyScope.READ_ONLY,
        widget=forms.RadioSelect,
        help_text=_(
            "A read-only key cannot change anything. Choose read and write only if the program must."
        ),
    )
    lifetime = forms.ChoiceField(
        label=_("Valid for"),
        choices=LIFETIME_CHOICES,
        initial="365",
        help_text=_("The key stops working after this time; create a new one before then."),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the key a name."))
        return name

    def expires_at(self):
        return timezone.now() + timedelta(days=int(self.cleaned_data["lifetime"]))
