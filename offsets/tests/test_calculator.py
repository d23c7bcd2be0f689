"""The public offset calculator: the page (with and without htmx) and POST /api/v1/offsets/calculate.

The two policy versions come from migration offsets/0002: the 2010 seed rules (sole source 10 %)
and the December 2021 revision (sole source 30 %); both 50 % with competing sources, a USD 10 M
threshold, and FMS purchases exempt from 2017-01-01.
"""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from offsets.messages import ERROR_MESSAGES
from offsets.models import ExchangeRate
from offsets.views.calculator import CalculatorForm, today_in_seoul

pytestmark = pytest.mark.django_db

URL = "/api/v1/offsets/calculate"
PAGE = "/offsets/calculator/"
EXAMPLE = {"amount": "12000000", "currency": "USD", "competitive": True, "date": "2026-01-15"}


def post(client, body, **headers):
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def calculate(client, **changes):
    response = post(client, {**EXAMPLE, **changes})
    assert response.status_code == 200, response.content
    return response.json()


def errors_of(response) -> dict:
    """{field: [(code, message)]} from a 422 answer in the API's error shape (its first problem)."""
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["message"]
    return {error["field"]: [(error["code"], error["message"])]}


@pytest.fixture
def krw_rate():
    return ExchangeRate.objects.create(
        currency="KRW", date=date(2026, 1, 14), usd_per_unit=Decimal("0.00075")
    )


# --- The API ------------------------------------------------------------------------------------


def test_the_issues_example(client):
    assert calculate(client) == {
        "offset_required": True,
        "reason": "at_or_above_threshold",
        "message": "An offset is required: USD 12,000,000.00 is at or above the threshold of USD 10,000,000.00.",
        "sourcing": "competitive",
        "min_ratio": "0.50",
        "ratio_source": "policy",
        "policy_min_ratio": "0.50",
        "min_obligation": {"amount": "6000000.00", "currency": "USD"},
        "min_obligation_usd": {"amount": "6000000.00", "currency": "USD"},
        "amount": {"amount": "12000000.00", "currency": "USD"},
        "amount_usd": {"amount": "12000000.00", "currency": "USD"},
        "exchange_rate": None,
        "threshold": {"amount": "10000000.00", "currency": "USD"},
        "date": "2026-01-15",
        "policy": "December 2021 revision",
        "policy_name_ko": "2021년 12월 개정",
        "policy_name_en": "December 2021 revision",
        "policy_effective_from": "2021-12-01",
    }


def test_the_calculator_needs_no_session_and_no_csrf_token():
    response = post(Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en"), EXAMPLE)
    assert response.status_code == 200
    assert response.json()["min_obligation"] == {"amount": "6000000.00", "currency": "USD"}


def test_the_threshold_is_inclusive(client):
    at = calculate(client, amount="10000000.00")
    assert at["offset_required"] is True
    assert at["reason"] == "at_or_above_threshold"
    assert at["min_obligation"] == {"amount": "5000000.00", "currency": "USD"}

    below = calculate(client, amount="9999999.99")
    assert below["offset_required"] is False
    assert below["reason"] == "below_threshold"
    assert below["message"] == (
        "No offset is required: USD 9,999,999.99 is below the threshold of USD 10,000,000.00."
    )
    assert below["threshold"] == {"amount": "10000000.00", "currency": "USD"}
    assert below["min_obligation"] is None
    assert below["min_obligation_usd"] is None
    assert below["min_ratio"] is None and below["ratio_source"] is None


@pytest.mark.parametrize(
    ("day", "ratio", "obligation", "policy"),
    [
        ("2021-11-30", "0.10", "1200000.00", "2010 seed rules"),
        ("2021-12-01", "0.30", "3600000.00", "December 2021 revision"),
    ],
)
def test_sole_source_ratio_follows_the_policy_in_force(client, day, ratio, obligation, policy):
    body = calculate(client, competitive=False, date=day)
    assert body["sourcing"] == "sole_source"
    assert body["min_ratio"] == ratio
    assert body["ratio_source"] == "policy"
    assert body["min_obligation"] == {"amount": obligation, "currency": "USD"}
    assert body["policy"] == policy


def test_a_programme_ratio_above_the_minimum_applies(client):
    body = calculate(client, ratio="0.6")
    assert body["min_ratio"] == "0.60"
    assert body["ratio_source"] == "programme"
    assert body["policy_min_ratio"] == "0.50"
    assert body["min_obligation"] == {"amount": "7200000.00", "currency": "USD"}


def test_foreign_government_purchases_are_exempt(client):
    body = calculate(client, fms=True)
    assert body["offset_required"] is False
    assert body["reason"] == "fms_exempt"
    assert "2017-01-01" in body["message"]
    assert body["min_obligation"] is None
    assert body["exchange_rate"] is None


def test_fms_is_optional_and_accepts_the_usual_spellings(client):
    assert calculate(client, fms="false")["offset_required"] is True
    assert calculate(client, fms=None)["offset_required"] is True
    assert calculate(client, competitive="no")["min_ratio"] == "0.30"


def test_other_currencies_are_converted_at_the_dated_rate(client, krw_rate):
    body = calculate(client, amount="16000000000", currency="KRW")
    assert body["amount_usd"] == {"amount": "12000000.00", "currency": "USD"}
    assert body["exchange_rate"] == {"currency": "KRW", "usd_per_unit": "0.00075", "date": "2026-01-14"}
    assert body["offset_required"] is True
    assert body["min_obligation"] == {"amount": "8000000000.00", "currency": "KRW"}
    assert body["min_obligation_usd"] == {"amount": "6000000.00", "currency": "USD"}


def test_a_missing_rate_names_the_currency(client):
    errors = errors_of(post(client, {**EXAMPLE, "amount": "16000000000", "currency": "KRW"}))
    assert list(errors) == ["currency"]
    assert errors["currency"][0][0] == "missing_rate"
    assert "KRW" in errors["currency"][0][1]


def test_a_rate_too_old_is_missing_too(client):
    ExchangeRate.objects.create(currency="EUR", date=date(2025, 11, 1), usd_per_unit=Decimal("1.08"))
    errors = errors_of(post(client, {**EXAMPLE, "currency": "EUR"}))
    assert errors["currency"][0][0] == "missing_rate"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"amount": None}, "amount", "required"),
        ({"currency": None}, "currency", "required"),
        ({"competitive": None}, "competitive", "required"),
        ({"date": None}, "date", "required"),
        ({"amount": "-1"}, "amount", "negative_amount"),
        ({"amount": "twelve"}, "amount", "invalid"),
        ({"amount": True}, "amount", "invalid"),
        ({"amount": "NaN"}, "amount", "invalid"),
        ({"amount": "12,5"}, "amount", "invalid"),
        ({"amount": "12000000.001"}, "amount", "max_decimal_places"),
        ({"amount": "1" * 30}, "amount", "max_digits"),
        ({"currency": "XYZ"}, "currency", "unknown_currency"),
        ({"currency": "dollars"}, "currency", "unknown_currency"),
        ({"date": "2026-02-30"}, "date", "invalid"),
        ({"date": "15/01/2026"}, "date", "invalid"),
        ({"date": "2009-12-31"}, "date", "no_policy_in_force"),
        ({"competitive": "maybe"}, "competitive", "invalid_choice"),
        ({"fms": "perhaps"}, "fms", "invalid_choice"),
        ({"ratio": "0.4"}, "ratio", "ratio_below_minimum"),
        ({"ratio": "1.5"}, "ratio", "ratio_out_of_range"),
        ({"ratio": "-0.5"}, "ratio", "ratio_out_of_range"),
        ({"ratio": "sixty"}, "ratio", "invalid"),
        # Refused even when no offset is owed: a typo never passes unnoticed.
        ({"amount": "100", "ratio": "0.2"}, "ratio", "ratio_below_minimum"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, changes, field, code):
    body = {key: value for key, value in {**EXAMPLE, **changes}.items() if value is not None}
    errors = errors_of(post(client, body))
    assert field in errors, errors
    assert code in [kind for kind, _msg in errors[field]]


def test_a_ratio_below_the_minimum_says_which_policy(client):
    errors = errors_of(post(client, {**EXAMPLE, "ratio": "0.4"}))
    assert errors["ratio"] == [
        (
            "ratio_below_minimum",
            "The ratio 0.40 is below the policy minimum of 0.50 (December 2021 revision).",
        )
    ]


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"amount"', b""])
def test_a_body_that_is_not_an_object_is_refused_not_a_500(client, raw):
    response = client.post(URL, raw, content_type="application/json")
    assert 400 <= response.status_code < 500


def test_messages_follow_accept_language(client):
    ko = {"HTTP_ACCEPT_LANGUAGE": "ko"}
    errors = errors_of(post(client, {"currency": "USD", "competitive": True, "date": "2026-01-15"}, **ko))
    assert errors["amount"] == [("required", "필수 항목입니다.")]

    below = post(client, {**EXAMPLE, "amount": "100"}, **ko).json()
    assert below["reason"] == "below_threshold"
    assert "절충교역" in below["message"] and "USD 10,000,000.00" in below["message"]
    assert below["policy"] == "2021년 12월 개정"

    missing = errors_of(post(client, {**EXAMPLE, "currency": "KRW"}, **ko))
    with translation.override("ko"):
        expected = str(ERROR_MESSAGES["missing_rate"]) % {
            "currency": "KRW",
            "date": "2026-01-15",
            "max_age_days": 31,
        }
    assert missing["currency"] == [("missing_rate", expected)]

    english = errors_of(post(client, {"currency": "USD", "competitive": True, "date": "2026-01-15"}))
    assert english["amount"] == [("required", "This field is required.")]


def test_the_operation_is_documented(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/offsets/calculate"]["post"]
    assert "security" not in operation or operation["security"] in ([], [{}])
    assert "422" in operation["responses"]


# --- The form -------------------------------------------------------------------------------------


def test_thousands_separators_are_read_and_codes_are_capitalised():
    form = CalculatorForm({"amount": "12,000,000.50", "currency": " krw ", "competitive": "yes"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("12000000.50")
    assert form.cleaned_data["currency"] == "KRW"
    assert form.cleaned_data["fms"] is False


def test_the_default_date_is_today_in_seoul():
    # 16:30 UTC on 14 January is 01:30 on 15 January in Seoul.
    with time_machine.travel(datetime(2026, 1, 14, 16, 30, tzinfo=UTC), tick=False):
        assert today_in_seoul() == date(2026, 1, 15)
        form = CalculatorForm({"amount": "1", "currency": "USD", "competitive": "yes"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["date"] == date(2026, 1, 15)
        assert not CalculatorForm(
            {"amount": "1", "currency": "USD", "competitive": "yes"}, require_date=True
        ).is_valid()


# --- The page -------------------------------------------------------------------------------------


def test_the_blank_page_shows_the_form_with_help_in_english(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "Offset calculator" in html
    assert 'hx-get="/offsets/calculator/"' in html and 'hx-target="#calculator-result"' in html
    assert 'method="get"' in html  # works without JavaScript
    for name in ("amount", "currency", "competitive", "date", "fms", "ratio"):
        assert f'name="{name}"' in html
    assert 'id="id_amount_help"' in html and 'id="id_ratio_help"' in html
    assert '<option value="USD">' in html
    assert f'value="{today_in_seoul().isoformat()}"' in html
    assert "Offset required" not in html


def test_the_page_in_korean(client):
    response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ko"' in html
    assert "절충교역 계산기" in html

    answer = client.get(PAGE, {**EXAMPLE, "competitive": "yes"}, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "2021년 12월 개정" in answer
    assert "USD 6,000,000.00" in answer
    assert "절충교역" in answer


def test_a_submitted_page_shows_the_answer(client):
    response = client.get(PAGE, {**EXAMPLE, "competitive": "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Offset required" in html
    assert "USD 6,000,000.00" in html
    assert "50 % (0.50)" in html
    assert "The policy minimum with competing sources." in html
    assert "December 2021 revision" in html and "in force from 2021-12-01" in html
    assert "Link to this calculation" in html


def test_the_page_explains_below_the_threshold_and_programme_ratios(client):
    below = client.get(
        PAGE, {"amount": "9,999,999.99", "currency": "USD", "competitive": "yes", "date": "2026-01-15"}
    )
    assert "No offset is required: USD 9,999,999.99 is below the threshold of USD 10,000,000.00." in (
        below.content.decode()
    )
    programme = client.get(PAGE, {**EXAMPLE, "competitive": "no", "ratio": "0.45"}).content.decode()
    assert "USD 5,400,000.00" in programme
    assert "Set for this programme; the policy minimum is 30 %." in programme


def test_a_converted_answer_shows_the_rate_and_its_date(client, krw_rate):
    html = client.get(
        PAGE, {"amount": "16000000000", "currency": "KRW", "competitive": "yes", "date": "2026-01-15"}
    ).content.decode()
    assert "KRW 8,000,000,000.00" in html
    assert "USD 6,000,000.00" in html
    assert "1 KRW = USD 0.00075 (rate of 2026-01-14)" in html
    assert '<option value="KRW">' in html


def test_htmx_gets_the_result_panel_and_the_form_out_of_band(client):
    response = client.get(PAGE, {**EXAMPLE, "competitive": "yes"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "USD 6,000,000.00" in html
    assert 'id="calculator-form"' in html and 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client):
    response = client.get(
        PAGE,
        {**EXAMPLE, "competitive": "yes"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_field_errors_are_shown_next_to_the_field(client):
    html = client.get(
        PAGE, {"amount": "twelve", "currency": "XYZ", "competitive": "yes", "date": "2026-02-30"}
    ).content.decode()
    assert "Offset required" not in html
    assert 'id="id_amount_errors">Give the amount as a number.' in html
    assert 'id="id_currency_errors">XYZ is not an ISO 4217 currency code.' in html
    assert 'id="id_date_errors"' in html
    assert html.count("is-invalid") >= 3


def test_engine_refusals_land_on_their_field_on_the_page(client):
    missing_rate = client.get(
        PAGE, {**EXAMPLE, "currency": "KRW", "competitive": "yes"}, HTTP_HX_REQUEST="true"
    )
    html = missing_rate.content.decode()
    assert 'id="id_currency_errors">There is no KRW exchange rate' in html
    assert 'href="#id_currency"' in html

    low_ratio = client.get(PAGE, {**EXAMPLE, "competitive": "yes", "ratio": "0.3"}).content.decode()
    assert 'id="id_ratio_errors">The ratio 0.30 is below the policy minimum of 0.50' in low_ratio


def test_a_page_without_answers_asks_for_none_of_the_fields(client):
    html = client.get(PAGE, {"utm_source": "newsletter"}).content.decode()
    assert "is-invalid" not in html
