"""Journey 5: a contractor posts a requirement, KDIA publishes it, a Korean company reads its gap
list and expresses interest, and the two exchange messages."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from browser_tests.journey import DEMO_PASSWORDS

LANGS = ["ko", "en"]
CONTRACTOR = "buyer.northwind@demo.k-offset.invalid"
COMPANY = "ceo.solbaram@demo.k-offset.invalid"
KDIA_OFFICER = "kdia.officer@demo.k-offset.invalid"


@pytest.mark.parametrize("lang", LANGS)
def test_requirement_interest_and_messages(journey, lang):
    page = journey.page
    page.goto("/")
    journey.switch_language()
    title = f"Composite fairing supplier for the UAV ({lang})"

    # The contractor drafts the requirement and sends it to KDIA.
    journey.sign_in(CONTRACTOR, DEMO_PASSWORDS["contractor"])
    journey.open("/requirements/", "requirements")
    journey.open("/requirements/new/", "requirement-form")
    page.locator("input[name=title_en]").fill(title)
    page.locator("textarea[name=scope_en]").fill("Build-to-print composite fairings, 40 shipsets a year.")
    page.locator("input[name=required_certifications]").first.check()
    page.locator("input[name=defence_fields][value]").first.check()
    deadline = datetime.date.today() + datetime.timedelta(days=45)
    page.locator("input[name=deadline]").fill(deadline.isoformat())
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    journey.snap("requirement-draft")
    page.get_by_role("button", name=journey.t("Send to KDIA for publication")).click()
    expect(page.locator(".alert-success")).to_contain_text(
        journey.t("The requirement is sent to KDIA, which publishes it after a check.")
    )
    journey.snap("requirement-sent")
    requirement_url = page.url

    # KDIA publishes it.
    journey.sign_out()
    journey.sign_in(KDIA_OFFICER, DEMO_PASSWORDS["kdia"], staff=True)
    journey.open("/staff/requirements/", "kdia-moderation")
    row = page.locator("main article").filter(has_text=title)
    moderation = row.locator("form[action*='/moderate/']")
    moderation.locator("input[name=decision][value=publish]").check()
    moderation.get_by_role("button", name=journey.t("Record")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    journey.snap("kdia-published")

    # The Korean company reads what it lacks, expresses interest and asks a question.
    journey.sign_out()
    journey.sign_in(COMPANY, DEMO_PASSWORDS["company"])
    page.goto(requirement_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.get_by_role("link", name=journey.t("Update your profile")).first).to_be_visible()
    journey.snap("requirement-gaps")
    page.get_by_role("link", name=journey.t("Ask the contractor")).click()
    journey.snap("message-new")
    question = f"Could you share the fairing drawings? ({lang})"
    page.locator("main form textarea").first.fill(question)
    page.get_by_role("button", name=journey.t("Send")).click()
    expect(page.get_by_text(question)).to_be_visible()
    journey.snap("message-sent")

    page.goto(requirement_url)
    page.get_by_role("link", name=journey.t("Express interest")).click()
    journey.snap("eoi-form")
    page.locator("input[name=scope]").first.check()
    page.locator("textarea[name=message_en]").fill("We build composite fairings for two Korean UAVs today.")
    page.locator("main form button[type=submit]").first.click()
    journey.snap("eoi-draft")
    submit = page.locator("form[action*='/submit/'] button[type=submit]")
    submit.click()
    expect(page.locator("form[action*='/submit/']")).to_have_count(0)
    journey.snap("eoi-sent")

    # The contractor sees the interest and answers the message.
    journey.sign_out()
    journey.sign_in(CONTRACTOR, DEMO_PASSWORDS["contractor"])
    journey.open("/eois/", "contractor-eois")
    expect(page.locator("main")).to_contain_text(title)
    journey.open("/messages/", "contractor-inbox")
    page.locator("main a[href^='/messages/']").filter(has_text=re.compile(r"\S")).first.click()
    expect(page.get_by_text(question)).to_be_visible()
    journey.snap("contractor-thread")
    answer = f"Yes, after an NDA; our template follows. ({lang})"
    page.locator("main form textarea").first.fill(answer)
    page.get_by_role("button", name=journey.t("Send")).click()
    expect(page.get_by_text(answer)).to_be_visible()
    journey.snap("contractor-answered")

    # The company reads the answer.
    journey.sign_out()
    journey.sign_in(COMPANY, DEMO_PASSWORDS["company"])
    journey.open("/messages/", "company-inbox")
    page.locator("main a[href^='/messages/']").filter(has_text=re.compile(r"\S")).first.click()
    expect(page.get_by_text(answer)).to_be_visible()
    journey.snap("company-reads-answer")
