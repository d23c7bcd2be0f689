"""Forms for registration, organisation settings and membership management."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.choices import SELF_SERVICE_KINDS, MembershipRole, OrganizationKind
from accounts.models import Organization
from core.identifiers import normalise_brn
from core.validators import validate_brn


class OrganizationFieldsMixin:
    """Rules shared by registration and later edits of an organisation."""

    def clean_registration_number(self):
        value = (self.cleaned_data.get("registration_number") or "").strip()
        if not value:
            return ""
        validate_brn(value)
        return normalise_brn(value)

    def clean_organization(self, data, *, instance=None):
        if not (data.get("name_ko") or "").strip() and not (data.get("name_en") or "").strip():
            self.add_error("name_ko", _("Enter the organisation's name in Korean, English or both."))
        kind = data.get("kind") or (instance.kind if instance else None)
        brn = data.get("registration_number")
        if kind == OrganizationKind.KOREAN_COMPANY:
            if not brn and "registration_number" not in self.errors:
                self.add_error(
                    "registration_number", _("A Korean company must give its business registration number.")
                )
            data["country"] = "KR"
        if brn:
            taken = Organization.objects.filter(registration_number=brn)
            if instance is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                self.add_error(
                    "registration_number",
                    _("An organisation with this business registration number is already registered."),
                )
        if kind == OrganizationKind.FOREIGN_CONTRACTOR and not data.get("country"):
            self.add_error("country", _("Choose the country where the contractor is established."))
        return data


class OrganizationSignupForm(OrganizationFieldsMixin, forms.Form):
    """Extra fields on allauth's sign-up form: the person and the organisation they register."""

    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Organisation type"),
        choices=[(kind.value, kind.label) for kind in SELF_SERVICE_KINDS],
        widget=forms.RadioSelect,
        help_text=_("KDIA and DAPA accounts are created by the K-OFFSET operators."),
    )
    name_ko = forms.CharField(label=_("Organisation name (Korean)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Organisation name (English)"), max_length=200, required=False)
    registration_number = forms.CharField(
        label=_("Business registration number"),
        max_length=14,
        required=False,
        help_text=_("Korean companies: 10 digits, with or without hyphens (XXX-XX-XXXXX)."),
        widget=forms.TextInput(attrs={"data-shown-when": "kind:korean_company", "inputmode": "numeric"}),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=lambda: [("", "---------"), *countries],
        required=False,
        help_text=_("Foreign contractors: the country of establishment."),
        widget=forms.Select(attrs={"data-shown-when": "kind:foreign_contractor"}),
    )

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "kind",
        "name_ko",
        "name_en",
        "registration_number",
        "country",
    ]

    def clean(self):
        return self.clean_organization(super().clean())

    def signup(self, request, user):
        """allauth calls this after saving the user; the adapter already created the organisation."""


class OrganizationForm(OrganizationFieldsMixin, forms.ModelForm):
    """An organisation's own settings, edited by its admins (or by KDIA)."""

    version = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name_ko", "name_en", "registration_number", "country", "website"]

    def clean(self):
        data = self.clean_organization(super().clean(), instance=self.instance)
        version = data.get("version")
        if version is not None and self.instance.pk and self.instance.updated_at != version:
            raise forms.ValidationError(
                _(
                    "Someone else changed this organisation while you were editing. Reload the page and try again."
                ),
                code="stale",
            )
        return data


class ReviewForm(forms.Form):
    """KDIA's decision on a pending organisation."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting; the organisation sees it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Give the reason for rejecting, so that the organisation can correct it.")
            )
        return data


class InviteMemberForm(forms.Form):
    """An organisation admin adds a colleague; they receive a link to set a password."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)

    def clean_email(self):
        from accounts.models import User

        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
