"""Journey 7: the offset calculator on a phone-width screen."""

import pytest
from playwright.sync_api import expect

LANGS = ["ko", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_offset_calculator_on_a_phone(journey, lang):
    page = journey.page
    page.goto("/")
    journey.switch_language()
    journey.use_phone()
    journey.open("/offsets/calculator/", "calculator")
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.t("Offset calculator"))

    # A mistake first: the answer names the field to correct.
    page.get_by_label(journey.t("Estimated main contract amount")).fill("twelve million")
    page.locator("#calculator-submit").click()
    expect(page.locator("#calculator-result .alert-danger")).to_be_visible()
    journey.snap("calculator-error")

    page.get_by_label(journey.t("Estimated main contract amount")).fill("12,000,000")
    page.get_by_label(journey.t("Currency")).fill("USD")
    page.locator("input[name=competitive][value=no]").check()
    page.locator("#calculator-submit").click()
    result = page.locator("#calculator-result")
    expect(result.get_by_text(journey.t("Offset required"))).to_be_visible()
    expect(result).to_contain_text("12,000,000")
    journey.snap("calculator-answer")

    # The permalink gives the same answer on a fresh load.
    result.get_by_role("link", name=journey.t("Link to this calculation")).click()
    expect(page.locator("#calculator-result")).to_contain_text("12,000,000")
    journey.snap("calculator-permalink")
