"""The public offset calculator: does a purchase owe an offset, and at least how much?

One form (``CalculatorForm``) and one function (``calculate``) serve the page and
``POST /api/v1/offsets/calculate`` alike. The rules are the engine's (``offsets.engine``);
this module only reads the input, maps the engine's refusals onto the fields they name and
words the answer in the reader's language.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.templatetags.koffset import money, percent
from offsets import engine, rules
from offsets.messages import ERROR_MESSAGES, GENERIC, rule_error_message
from offsets.models import ExchangeRate, PolicyVersion
from offsets.rules import USD, Money, RuleError, Sourcing, TriggerReason, is_currency

SEOUL = ZoneInfo("Asia/Seoul")
YES, NO = "yes", "no"
TRUE_WORDS = {"yes", "true", "1", "on"}
FALSE_WORDS = {"no", "false", "0", "off"}

# The engine names its inputs amount / currency / date / override_ratio; the form's names.
FIELD_OF_ENGINE_FIELD = {
    "amount": "amount",
    "currency": "currency",
    "date": "date",
    "override_ratio": "ratio",
}
# Codes whose field is known whatever the engine put in ``error.field`` (a missing rate is the
# currency's problem even though the conversion reports it against the amount).
FIELD_OF_CODE = {
    "missing_rate": "currency",
    "unknown_currency": "currency",
    "currency_mismatch": "currency",
    "no_policy_in_force": "date",
    "ratio_below_minimum": "ratio",
    "ratio_above_one": "ratio",
    "share_out_of_range": "ratio",
    "negative_amount": "amount",
    "amount_not_in_cents": "amount",
    "amount_not_decimal": "amount",
}


def wording(*codes: str):
    """The engine's (lazily translated) sentence for the first of ``codes`` that has one, so that the
    form's own checks read exactly like the engine's refusals of the same thing."""
    return next((ERROR_MESSAGES[code] for code in codes if code in ERROR_MESSAGES), GENERIC)


def today_in_seoul() -> date:
    return timezone.localdate(timezone=SEOUL)


def ratio_text(value: Decimal) -> str:
    """A ratio with at least two decimals and no trailing zeros beyond them: 0.5000 -> '0.50'."""
    whole, _dot, fraction = format(value.normalize(), "f").partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def decimal_text(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 0.000740000000 -> '0.00074'."""
    return format(value.normalize(), "f")


def amount_text(value: Money) -> str:
    """An amount in cents as a plain decimal string: '6000000.00'."""
    return format(value.amount, "f")


class AmountField(forms.DecimalField):
    """A decimal amount. Thousands grouped by commas ('12,000,000') are accepted; a lone comma
    ('12,5') is not, so a decimal comma can never silently become a larger amount."""

    GROUPED = re.compile(r"^\s*[+-]?\d{1,3}(,\d{3})+(\.\d*)?\s*$")

    def to_python(self, value):
        if isinstance(value, bool):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str) and self.GROUPED.match(value):
            value = value.replace(",", "")
        return super().to_python(value)


class YesNoField(forms.TypedChoiceField):
    """yes / no as radio buttons; the API's true / false (and 'true', '1', ...) mean the same."""

    widget = forms.RadioSelect

    def __init__(self, *, choices, **kwargs):
        super().__init__(choices=choices, coerce=lambda value: value == YES, empty_value=None, **kwargs)

    def to_python(self, value):
        if isinstance(value, bool):
            return YES if value else NO
        if value is not None and not isinstance(value, (list, dict)):
            word = str(value).strip().lower()
            if word in TRUE_WORDS:
                return YES
            if word in FALSE_WORDS:
                return NO
        return super().to_python(value)


class CalculatorForm(forms.Form):
    """What the calculator needs to know. The page leaves the date optional (today in Korea);
    the API asks for it (``require_date=True``) so that an answer never depends on the day asked."""

    amount = AmountField(
        label=_("Estimated main contract amount"),
        max_digits=18,
        decimal_places=2,
        error_messages={
            "invalid": wording("amount_not_decimal"),
            "max_decimal_places": wording("amount_not_in_cents"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_(
            "The estimated amount of the main contract, in the currency below, with at most two "
            "decimal places. 12,000,000 and 12000000 are both understood."
        ),
    )
    currency = forms.CharField(
        label=_("Currency"),
        widget=forms.TextInput(
            attrs={
                "list": "currency-codes",
                "maxlength": "3",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        help_text=_(
            "ISO 4217 code such as USD, KRW or EUR. Other currencies than US dollars are converted at "
            "the exchange rate on file for the reference date (or the latest one before it)."
        ),
    )
    competitive = YesNoField(
        label=_("Competing sources"),
        choices=[(YES, _("Yes: more than one foreign source competes")), (NO, _("No: a single source"))],
        help_text=_("The policy sets a different minimum ratio with and without competing sources."),
    )
    date = forms.DateField(
        label=_("Reference date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The policy version in force on this date applies, and the exchange rate of this date "
            "(or the latest before it) converts the amount. Year-month-day; today in Korea if left empty."
        ),
    )
    fms = YesNoField(
        label=_("Purchase from a foreign government (FMS)"),
        required=False,
        choices=[(NO, _("No")), (YES, _("Yes: a government-to-government purchase such as US FMS"))],
        help_text=_("Purchases from foreign governments are exempt from offsets while the policy says so."),
    )
    ratio = forms.DecimalField(
        label=_("Ratio set for this programme (optional)"),
        required=False,
        max_digits=5,
        decimal_places=4,
        error_messages={"invalid": wording("not_a_decimal")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Only when DAPA sets a ratio above the policy minimum, e.g. 0.6 for 60 %."),
    )

    def __init__(self, *args, require_date: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].required = require_date

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise ValidationError(wording("negative_amount"), code="negative_amount")
        return amount

    def clean_currency(self):
        code = self.cleaned_data["currency"].strip().upper()
        if not is_currency(code):
            raise ValidationError(
                wording("unknown_currency"), code="unknown_currency", params={"currency": code[:12]}
            )
        return code

    def clean_ratio(self):
        # The engine refuses these too (when it gets that far); checked here so the page and the API
        # report one stable code whatever the engine calls it.
        ratio = self.cleaned_data["ratio"]
        if ratio is not None and not 0 <= ratio <= 1:
            raise ValidationError(wording("share_out_of_range", "ratio_above_one"), code="ratio_out_of_range")
        return ratio

    def clean_date(self):
        return self.cleaned_data["date"] or today_in_seoul()

    def clean_fms(self):
        return bool(self.cleaned_data["fms"])


def field_of(error: RuleError) -> str | None:
    """The form field an engine refusal is about (None: the form as a whole)."""
    return FIELD_OF_CODE.get(error.code) or FIELD_OF_ENGINE_FIELD.get(error.field or "")


def readable(error: RuleError) -> RuleError:
    """The refusal with its parameters as a reader wants them: ratios as 0.50, the policy's name
    in the reader's language. (Changed in place: exceptions do not all survive copy.copy.)"""
    params = dict(error.params)
    for key in ("ratio", "minimum"):
        if params.get(key) not in (None, ""):
            with contextlib.suppress(ArithmeticError):
                params[key] = ratio_text(Decimal(str(params[key])))
    if params.get("policy"):
        row = PolicyVersion.objects.filter(name_en=params["policy"]).first()
        params["policy"] = row.name if row else params["policy"]
    error.params = params
    return error


def add_rule_error(form: forms.Form, error: RuleError) -> None:
    """Show an engine refusal next to the field it names, in the reader's language."""
    field = field_of(error)
    form.add_error(
        field if field in form.fields else None,
        ValidationError(rule_error_message(readable(error)), code=error.code),
    )


@dataclass(frozen=True)
class Calculation:
    """The engine's answer with the inputs it was given, and its wording for a reader."""

    assessment: engine.ProgrammeAssessment
    on_date: date
    competitive: bool
    fms: bool

    @property
    def policy(self) -> PolicyVersion:
        return self.assessment.policy

    @property
    def trigger(self) -> rules.TriggerResult:
        return self.assessment.trigger

    @property
    def obligation(self) -> rules.ObligationResult | None:
        return self.assessment.obligation

    @property
    def obligation_usd(self) -> Money | None:
        return self.assessment.obligation_usd

    @property
    def offset_required(self) -> bool:
        return self.trigger.triggers

    @property
    def reason(self) -> str:
        return str(self.trigger.reason)

    @property
    def amount(self) -> Money:
        return self.trigger.amount

    @property
    def threshold(self) -> Money:
        return self.trigger.threshold

    @property
    def amount_usd(self) -> Money | None:
        return self.trigger.conversion.converted if self.trigger.conversion else None

    @property
    def rate(self) -> rules.Rate | None:
        """The exchange rate used, when the amount was converted from another currency."""
        conversion = self.trigger.conversion
        return conversion.rate if conversion and conversion.rate.currency != USD else None

    @property
    def rate_text(self) -> str:
        return decimal_text(self.rate.usd_per_unit) if self.rate else ""

    @property
    def units_per_usd(self) -> str:
        """How many units of the currency one US dollar buys, for readers used to that way round."""
        return f"{Decimal(1) / self.rate.usd_per_unit:,.2f}" if self.rate else ""

    @property
    def ratio_source(self) -> str | None:
        """'programme' when the programme's own ratio applies, 'policy' for the policy minimum."""
        if self.obligation is None:
            return None
        return "programme" if self.obligation.override_ratio is not None else "policy"

    @property
    def sourcing(self) -> str:
        return str(Sourcing.COMPETITIVE if self.competitive else Sourcing.SOLE_SOURCE)

    @property
    def message(self) -> str:
        """Why an offset is, or is not, required: one sentence in the reader's language."""
        reason = self.trigger.reason
        if reason == TriggerReason.FMS_EXEMPT:
            return gettext(
                "No offset is required: purchases from foreign governments (FMS) made on or after "
                "%(date)s are exempt under %(policy)s."
            ) % {"date": self.policy.fms_exempt_from.isoformat(), "policy": self.policy.name}
        values = {"amount": money(self.amount_usd), "threshold": money(self.threshold)}
        if reason == TriggerReason.AT_OR_ABOVE_THRESHOLD:
            return (
                gettext("An offset is required: %(amount)s is at or above the threshold of %(threshold)s.")
                % values
            )
        return gettext("No offset is required: %(amount)s is below the threshold of %(threshold)s.") % values

    @property
    def ratio_note(self) -> str:
        """Where the ratio applied comes from."""
        if self.obligation is None:
            return ""
        if self.ratio_source == "programme":
            return gettext("Set for this programme; the policy minimum is %(minimum)s.") % {
                "minimum": percent(self.obligation.policy_ratio)
            }
        if self.competitive:
            return gettext("The policy minimum with competing sources.")
        return gettext("The policy minimum without competing sources (sole source).")

    @property
    def ratio(self) -> str:
        return ratio_text(self.obligation.ratio) if self.obligation else ""


def _check_ratio(policy: PolicyVersion, competitive: bool, ratio: Decimal) -> None:
    """Refuse a ratio the engine would refuse even when no offset is owed, so a typo never passes."""
    sourcing = Sourcing.COMPETITIVE if competitive else Sourcing.SOLE_SOURCE
    rules.applicable_ratio(engine.to_rules(policy), sourcing, ratio)


def calculate(form: CalculatorForm) -> Calculation | None:
    """The answer for a valid form; None when the form or the engine refuses the input (the
    reasons are then on the form's fields)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        assessment = engine.assess(
            data["amount"],
            data["currency"],
            data["date"],
            competitive=data["competitive"],
            fms=data["fms"],
            override_ratio=data["ratio"],
        )
        if assessment.obligation is None and data["ratio"] is not None:
            _check_ratio(assessment.policy, data["competitive"], data["ratio"])
    except RuleError as error:
        add_rule_error(form, error)
        return None
    return Calculation(assessment, data["date"], data["competitive"], data["fms"])


def currencies_with_rates() -> list[str]:
    """USD and every currency with at least one exchange rate on file: the datalist's choices."""
    on_file = ExchangeRate.objects.order_by("currency").values_list("currency", flat=True).distinct()
    return [USD, *(code for code in on_file if code != USD)]


def calculator(request):
    """The calculator page. Submitted by GET, so every answer has a link; with htmx only the result
    panel (and the form, for its error marks) is sent back."""
    submitted = any(name in request.GET for name in CalculatorForm.base_fields)
    form = CalculatorForm(
        request.GET if submitted else None,
        initial={"currency": USD, "competitive": YES, "fms": NO, "date": today_in_seoul()},
    )
    calculation = calculate(form) if submitted else None
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "form": form,
        "calculation": calculation,
        "currencies": currencies_with_rates(),
        "oob": partial,
        "permalink": request.get_full_path() if calculation else "",
    }
    template = "offsets/_calculator_result.html" if partial else "offsets/calculator.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
