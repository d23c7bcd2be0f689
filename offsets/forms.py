"""Forms for programmes, agreements, items, claims, decisions and ledger postings.

Rule checks (policy minimum ratio, conversions, balances) are the engine's; forms only
turn its RuleErrors into field errors.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, OrganizationStatus
from accounts.models import Organization
from companies.models import Company
from core import uploads
from core.forms import BilingualPairMixin, VersionedForm, VersionedModelForm
from core.identifiers import normalise_brn
from offsets.choices import ClaimStatus, LedgerKind, ProgrammeState
from offsets.messages import rule_error_message
from offsets.models import Agreement, Claim, LedgerEntry, ObligationItem, Programme, ProgrammeDocument
from offsets.rules import RuleError

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def contractor_choices():
    return Organization.objects.filter(
        kind=OrganizationKind.FOREIGN_CONTRACTOR, status=OrganizationStatus.APPROVED
    ).order_by("name_en", "name_ko")


class KipField(forms.CharField):
    """A Korean company named by its business registration number (hyphens optional)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("KIP company (business registration number)"))
        kwargs.setdefault("help_text", _("e.g. 123-45-67890; blank when no Korean company is named yet."))
        kwargs.setdefault("required", False)
        super().__init__(max_length=20, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        company = Company.objects.filter(brn=normalise_brn(value)).first()
        if company is None:
            raise forms.ValidationError(_("No company in the directory has this registration number."))
        return company


def add_rule_error(form: forms.Form, error: RuleError, default_field: str | None = None) -> None:
    """Show an engine refusal on the field it names (or on the form when it names none we show)."""
    field = error.field if error.field in form.fields else default_field
    form.add_error(field if field in form.fields else None, rule_error_message(error))


class ProgrammeForm(BilingualPairMixin, VersionedModelForm):
    contractors = forms.ModelMultipleChoiceField(
        label=_("Foreign contractors"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programme
        fields = [
            "name_ko",
            "name_en",
            "dapa_reference",
            "weapon_system_ko",
            "weapon_system_en",
            "summary_ko",
            "summary_en",
            "estimated_amount",
            "currency",
            "competitive",
            "foreign_government",
            "reference_date",
            "ratio_override",
            "korean_parts_quota",
            "contractors",
        ]
        widgets = {
            "reference_date": DATE_WIDGET,
            "summary_ko": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contractors"].queryset = contractor_choices()

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        from offsets import engine

        try:
            engine.assess(
                data["estimated_amount"],
                data["currency"],
                data["reference_date"],
                competitive=data["competitive"],
                fms=data["foreign_government"],
                override_ratio=data.get("ratio_override"),
            )
        except RuleError as error:
            if error.field == "amount":
                error.field = "estimated_amount"
            elif error.field == "date":
                error.field = "reference_date"
            elif error.field == "override_ratio":
                error.field = "ratio_override"
            add_rule_error(self, error)
        return data


class StateChangeForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=ProgrammeState.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when moving back to an earlier state."),
    )
    from_state = forms.CharField(widget=forms.HiddenInput)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ProgrammeDocument
        fields = ["title_ko", "title_en", "file", "public"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.original_name = upload.name[:200]
        return uploads.clean_document(upload)


class AgreementForm(VersionedModelForm):
    class Meta:
        model = Agreement
        fields = ["contractor", "moa_date", "obligation_usd", "period_end", "bond_usd", "notes"]
        widgets = {
            "moa_date": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["contractor"].queryset = programme.contractors.all()

    def clean(self):
        data = super().clean()
        moa, end = data.get("moa_date"), data.get("period_end")
        if moa and end and end <= moa:
            self.add_error("period_end", _("The fulfilment period must end after the MOA date."))
        contractor = data.get("contractor")
        duplicate = Agreement.objects.filter(programme=self.programme, contractor=contractor)
        if contractor and not self.instance.pk and duplicate.exists():
            self.add_error("contractor", _("This contractor already has an MOA for this programme."))
        return data


class ObligationItemForm(BilingualPairMixin, VersionedModelForm):
    required_pairs = ("description",)
    kip_brn = KipField()

    class Meta:
        model = ObligationItem
        fields = [
            "offset_field",
            "offset_type",
            "description_ko",
            "description_en",
            "amount",
            "currency",
            "agreed_multiplier",
            "due_date",
        ]
        labels = {"amount": _("Agreed value")}
        widgets = {
            "due_date": DATE_WIDGET,
            "description_ko": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = ["offset_field", "offset_type", "kip_brn"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kip_id:
            self.initial.setdefault("kip_brn", self.instance.kip.brn_display)

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()


class ClaimForm(BilingualPairMixin, VersionedModelForm):
    required_pairs = ("description",)
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("A PDF or an image (contracts, invoices, acceptance records), up to 20 MB."),
    )

    class Meta:
        model = Claim
        fields = ["performed_on", "amount", "currency", "description_ko", "description_en"]
        labels = {"amount": _("Value performed")}
        widgets = {
            "performed_on": DATE_WIDGET,
            "description_ko": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        self.evidence_name = upload.name[:200]
        return uploads.clean_document(upload)


class ClaimDecisionForm(VersionedForm):
    DECISIONS = [
        (ClaimStatus.APPROVED, _("Approve")),
        (ClaimStatus.CLARIFICATION, _("Ask for clarification")),
        (ClaimStatus.REJECTED, _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    approved_usd = forms.DecimalField(
        label=_("Approved value (USD)"),
        required=False,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        help_text=_("Actual value approved, before the multiplier; at most the value claimed."),
    )
    reason = forms.CharField(
        label=_("Reason the contractor sees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        self.initial.setdefault("version", claim.updated_at.isoformat())
        self.initial.setdefault("approved_usd", claim.amount_usd)

    def clean(self):
        data = super().clean()
        self.check_version(self.claim)
        decision = data.get("decision")
        if decision == ClaimStatus.APPROVED:
            approved = data.get("approved_usd")
            if approved is None:
                self.add_error("approved_usd", _("Give the value approved."))
            elif approved > self.claim.amount_usd:
                self.add_error("approved_usd", _("The approved value cannot exceed the value claimed."))
        elif decision and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the contractor a reason."))
        return data


class LedgerPostingForm(forms.Form):
    KINDS = [
        (LedgerKind.DEPOSIT, LedgerKind.DEPOSIT.label),
        (LedgerKind.WITHDRAWAL, LedgerKind.WITHDRAWAL.label),
        (LedgerKind.CORRECTION, LedgerKind.CORRECTION.label),
    ]
    contractor = forms.ModelChoiceField(label=_("Foreign contractor"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS, widget=forms.RadioSelect)
    entry_date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=18,
        decimal_places=2,
        help_text=_("Positive; a correction may be negative to take credit away."),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        initial="USD",
        help_text=_("Deposits may be in any currency; they are booked in USD."),
    )
    kip_brn = KipField(label=_("Korean company (deposits)"))
    agreement = forms.ModelChoiceField(
        label=_("Obligation the withdrawal is applied to"), queryset=Agreement.objects.none(), required=False
    )
    lot = forms.ModelChoiceField(
        label=_("Deposit corrected (corrections)"), queryset=LedgerEntry.objects.none(), required=False
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contractor"].queryset = contractor_choices()
        self.fields["agreement"].queryset = Agreement.objects.select_related("programme", "contractor")
        self.fields["lot"].queryset = LedgerEntry.objects.filter(kind=LedgerKind.DEPOSIT).select_related(
            "account__contractor"
        )

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()

    def clean(self):
        data = super().clean()
        kind, amount = data.get("kind"), data.get("amount")
        if amount is not None and kind != LedgerKind.CORRECTION and amount <= 0:
            self.add_error("amount", _("The amount must be more than zero."))
        if amount is not None and kind == LedgerKind.CORRECTION and amount == 0:
            self.add_error("amount", _("A correction of zero changes nothing."))
        if kind != LedgerKind.DEPOSIT and data.get("currency") not in (None, "USD"):
            self.add_error("currency", _("Withdrawals and corrections are booked in USD."))
        if kind == LedgerKind.DEPOSIT and not data.get("kip_brn") and "kip_brn" not in self.errors:
            self.add_error("kip_brn", _("Name the Korean company the cooperation was done with."))
        contractor, lot = data.get("contractor"), data.get("lot")
        if kind == LedgerKind.CORRECTION and lot is None:
            self.add_error("lot", _("Choose the deposit the correction adjusts."))
        if lot is not None and contractor and lot.account.contractor_id != contractor.pk:
            self.add_error("lot", _("This deposit belongs to another contractor."))
        if kind == LedgerKind.WITHDRAWAL:
            agreement = data.get("agreement")
            if agreement is None:
                self.add_error("agreement", _("Choose the obligation the credit is applied to."))
            elif data.get("contractor") and agreement.contractor_id != data["contractor"].pk:
                self.add_error("agreement", _("This obligation belongs to another contractor."))
        return data
