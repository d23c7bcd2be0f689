"""Forms for rounds, proposals, reviews and packages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.choices import SizeClass
from companies.models import DefenceField, Product
from core.forms import AttachmentMixin, BilingualPairMixin, VersionedForm, VersionedModelForm
from offsets.models import Programme
from wishlists.choices import ProposalStatus, ReasonCode, ReviewDecision
from wishlists.models import Proposal, Round

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RoundForm(VersionedModelForm):
    eligible_fields = forms.ModelMultipleChoiceField(
        label=_("Eligible defence fields"),
        queryset=DefenceField.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to invite companies of every field."),
    )
    eligible_sizes = forms.MultipleChoiceField(
        label=_("Eligible size classes"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to invite companies of every size."),
    )

    class Meta:
        model = Round
        fields = ["programme", "deadline", "notes_ko", "notes_en", "eligible_sizes"]
        widgets = {
            "deadline": DATETIME_WIDGET,
            "notes_ko": forms.Textarea(attrs={"rows": 3}),
            "notes_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"deadline": _("Korea time (Asia/Seoul). Proposals are accepted until this moment.")}

    field_order = ["programme", "deadline", "eligible_fields", "eligible_sizes", "notes_ko", "notes_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("-reference_date")
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        if self.instance.pk:
            self.initial.setdefault("eligible_fields", list(self.instance.eligible_fields.all()))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now() and not self.instance.pk:
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


class ProposalForm(AttachmentMixin, BilingualPairMixin, VersionedModelForm):
    required_pairs = ("title",)
    products = forms.ModelMultipleChoiceField(
        label=_("Own products involved"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From your directory profile."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("A PDF or an image (brochure, drawing, certificate), up to 20 MB."),
    )

    class Meta:
        model = Proposal
        fields = [
            "offset_field",
            "offset_type",
            "contractor",
            "title_ko",
            "title_en",
            "description_ko",
            "description_en",
            "estimated_value",
            "currency",
            "benefit_ko",
            "benefit_en",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("description_ko", "description_en", "benefit_ko", "benefit_en")
        }

    def __init__(self, *args, company, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = Product.objects.filter(company=company).order_by(
            "name_ko", "name_en"
        )
        self.fields["contractor"].queryset = round_.programme.contractors.all()
        self.fields["contractor"].help_text = _("Blank when the programme's contractor is not chosen yet.")
        if self.instance.pk:
            self.initial.setdefault("products", list(self.instance.products.all()))

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()


class ReviewForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    reason_code = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "—"), *ReasonCode.choices],
        required=False,
        help_text=_("Required when returning or rejecting."),
    )
    comment = forms.CharField(
        label=_("Comment the company sees"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.initial.setdefault("version", proposal.updated_at.isoformat())

    def clean(self):
        data = super().clean()
        self.check_version(self.proposal)
        if data.get("decision") in (ProposalStatus.RETURNED, ProposalStatus.REJECTED):
            if not data.get("reason_code"):
                self.add_error("reason_code", _("Choose the reason the company will see."))
            if not (data.get("comment") or "").strip():
                self.add_error("comment", _("Tell the company what to change or why."))
        return data


class MergeForm(VersionedForm):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())
    comment = forms.CharField(label=_("Comment the company sees"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.initial.setdefault("version", proposal.updated_at.isoformat())
        self.fields["into"].queryset = (
            Proposal.objects.filter(round=proposal.round)
            .exclude(pk=proposal.pk)
            .exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.MERGED])
            .select_related("company")
        )

    def clean(self):
        data = super().clean()
        self.check_version(self.proposal)
        return data


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note to KDIA and the companies"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
