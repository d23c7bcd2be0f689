"""Wording of the rules engine's refusals and package violations, in the reader's language.

The engine (``offsets.rules``) speaks in stable codes with plain parameters; this module is the
one place that turns them into sentences, for pages and API errors alike.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from offsets.rules import RuleError, Violation

ERROR_MESSAGES = {
    "unknown_currency": _("%(currency)s is not an ISO 4217 currency code."),
    "missing_rate": _(
        "There is no %(currency)s exchange rate usable on %(date)s (rates may be at most %(max_age_days)s "
        "days old). KDIA or DAPA staff add rates in the administration."
    ),
    "no_policy_in_force": _("No offset policy is in force on %(date)s."),
    "ratio_below_minimum": _("The ratio %(ratio)s is below the policy minimum of %(minimum)s (%(policy)s)."),
    "share_out_of_range": _("A ratio or share is a fraction of 1: write 0.6 for 60 %%."),
    "size_class_not_bankable": _(
        "Cooperation with a company of this size class cannot be banked under %(policy)s."
    ),
    "banking_not_available": _("No credit can be banked before %(available_from)s."),
    "not_first_in_first_out": _("Withdrawals draw on the oldest deposits first."),
    "unknown_lot": _("That deposit is not in this account."),
    "duplicate_key": _("This entry is already posted."),
    "generated_entry_mismatch": _(
        "The account's expiry and depreciation entries no longer match its policy; ask an operator to check it."
    ),
    "unexpected_generated_entry": _(
        "The account's expiry and depreciation entries no longer match its policy; ask an operator to check it."
    ),
    "invalid_choice": _("Choose one of the values offered."),
    "invalid_field": _("Offset fields are numbered 1 to 7."),
    "rate_not_positive": _("An exchange rate must be more than zero."),
    "negative_amount": _("The amount cannot be negative."),
    "amount_not_in_cents": _("Amounts have at most two decimal places."),
    "amount_not_decimal": _("Give the amount as a number."),
    "not_a_decimal": _("Give a number."),
    "insufficient_balance": _("The credit available on that date is smaller than this amount."),
    "back_dated": _("An entry cannot be dated before the latest entry of the account (%(latest)s)."),
    "lot_expired": _("That credit expired on %(expired_on)s."),
    "currency_mismatch": _("Amounts in %(currency)s and %(other)s cannot be combined without conversion."),
}
GENERIC = _("This value is not accepted by the offset rules.")

VIOLATION_MESSAGES = {
    "empty_package": _("The package has no items yet."),
    "duplicate_item": _("The same item appears twice."),
    "invalid_field": _("Offset fields are numbered 1 to 7."),
    "invalid_directness": _("Each item is either direct or indirect."),
    "invalid_sector": _("Each item is either defence or commercial."),
    "invalid_size_class": _("Unknown company size class."),
    "field_6_7_without_1_5": _(
        "Items in fields 6 or 7 are allowed only with an item in fields 1 to 5 in the same offset "
        "(rule: fields 6 and 7 need a condition of fields 1-5)."
    ),
}


def _format(template, params: dict) -> str:
    try:
        return str(template) % {key: "" if value is None else value for key, value in params.items()}
    except (KeyError, TypeError, ValueError):
        return str(GENERIC)


def rule_error_message(error: RuleError) -> str:
    template = ERROR_MESSAGES.get(error.code) or ERROR_MESSAGES.get(type(error).code)
    return _format(template, error.params) if template else str(GENERIC)


def violation_message(violation: Violation) -> str:
    return _format(VIOLATION_MESSAGES.get(str(violation.code), GENERIC), violation.params)
