"""Forms for requirements, expressions of interest and the contractor's answers."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, OrganizationStatus
from accounts.models import Organization
from companies.choices import SizeClass
from companies.models import Capability, CertificationType, DefenceField, Product
from core.forms import AttachmentMixin, BilingualPairMixin, VersionedForm, VersionedModelForm
from matching.choices import CONTRACTOR_STATUSES, EoiStatus
from matching.models import ExpressionOfInterest, Requirement
from offsets.models import Programme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequirementForm(BilingualPairMixin, VersionedModelForm):
    required_pairs = ("title",)
    size_classes = forms.MultipleChoiceField(
        label=_("Size classes"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to accept every size."),
    )

    class Meta:
        model = Requirement
        fields = [
            "owner",
            "programme",
            "title_ko",
            "title_en",
            "scope_ko",
            "scope_en",
            "required_certifications",
            "preferred_certifications",
            "capabilities",
            "defence_fields",
            "size_classes",
            "quality_system_ko",
            "quality_system_en",
            "experience_ko",
            "experience_en",
            "offset_experience",
            "quantity",
            "value_band",
            "deadline",
        ]
        widgets = {
            "deadline": DATE_WIDGET,
            "scope_ko": forms.Textarea(attrs={"rows": 3}),
            "scope_en": forms.Textarea(attrs={"rows": 3}),
            "experience_ko": forms.Textarea(attrs={"rows": 2}),
            "experience_en": forms.Textarea(attrs={"rows": 2}),
            "required_certifications": forms.CheckboxSelectMultiple,
            "preferred_certifications": forms.CheckboxSelectMultiple,
            "defence_fields": forms.CheckboxSelectMultiple,
            "capabilities": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "capabilities": _("Hold Ctrl (or ⌘) to choose several."),
            "deadline": _("Korean companies may send expressions of interest until this day (Korea time)."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("-reference_date")
        for name, model in (
            ("required_certifications", CertificationType),
            ("preferred_certifications", CertificationType),
            ("capabilities", Capability),
            ("defence_fields", DefenceField),
        ):
            self.fields[name].queryset = model.objects.all()
        if user.is_kdia or user.is_superuser:
            self.fields["owner"].queryset = Organization.objects.filter(
                kind=OrganizationKind.FOREIGN_CONTRACTOR, status=OrganizationStatus.APPROVED
            )
            self.fields["owner"].help_text = _("KDIA posts the requirement on this contractor's behalf.")
        else:
            del self.fields["owner"]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline

    def clean(self):
        data = super().clean()
        required = set(data.get("required_certifications") or [])
        both = required & set(data.get("preferred_certifications") or [])
        if both:
            self.add_error(
                "preferred_certifications",
                _("A certificate cannot be both required and preferred: %(names)s.")
                % {"names": ", ".join(str(c) for c in both)},
            )
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("return", _("Return to the contractor"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the contractor"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what the contractor should change."))
        return data


class EoiForm(AttachmentMixin, VersionedModelForm):
    products = forms.ModelMultipleChoiceField(
        label=_("Products offered"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("A PDF or an image (capability statement, certificate, drawing), up to 20 MB."),
    )

    class Meta:
        model = ExpressionOfInterest
        fields = ["scope", "message_ko", "message_en"]
        widgets = {
            "scope": forms.RadioSelect,
            "message_ko": forms.Textarea(attrs={"rows": 4}),
            "message_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = Product.objects.filter(company=company).order_by(
            "name_ko", "name_en"
        )
        if self.instance.pk:
            self.initial.setdefault("products", list(self.instance.products.all()))

    def clean(self):
        data = super().clean()
        if not (data.get("message_ko") or "").strip() and not (data.get("message_en") or "").strip():
            self.add_error("message_ko", _("Tell the contractor what you offer, in Korean, English or both."))
        return data


class AnswerForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(status.value, status.label) for status in EoiStatus if status in CONTRACTOR_STATUSES],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason the company sees"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, eoi, **kwargs):
        super().__init__(*args, **kwargs)
        self.eoi = eoi
        self.initial.setdefault("version", eoi.updated_at.isoformat())

    def clean(self):
        data = super().clean()
        self.check_version(self.eoi)
        if (
            data.get("status") in (EoiStatus.DECLINED, EoiStatus.SELECTED)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give the company a reason."))
        return data
