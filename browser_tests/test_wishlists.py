"""Journeys 3 and 4: a Korean company keeps its profile up to date and proposes a wish-list item
that KDIA decides on; KDIA compiles and submits the package and DAPA acknowledges it."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from browser_tests.journey import DEMO_PASSWORDS

LANGS = ["ko", "en"]
SOLBARAM_ADMIN = "ceo.solbaram@demo.k-offset.invalid"
KDIA_OFFICER = "kdia.officer@demo.k-offset.invalid"
DAPA_OFFICER = "dapa.officer@demo.k-offset.invalid"
OPEN_ROUND_PROGRAMME = "DAPA-DEMO-24-11"  # wishlists/demo.py: the round open for proposals
SUBMITTED_PROPOSAL = "비행제어 소프트웨어 검증 기술 이전"  # wishlists/demo.py: waits for KDIA's review


def photo_png() -> dict:
    """A small real PNG, as a phone camera would send a photo (the server re-encodes it)."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 90, 160)).save(buffer, format="PNG")
    return {"name": "test-bench.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def open_my_proposal(journey, title: str) -> None:
    page = journey.page
    journey.open("/wishlists/proposals/", "my-proposals")
    page.locator("main tr", has_text=title).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


@pytest.mark.parametrize("lang", LANGS)
def test_company_updates_profile_and_proposes_a_wishlist_item(journey, lang):
    page = journey.page
    page.goto("/")
    journey.switch_language()
    journey.sign_in(SOLBARAM_ADMIN, DEMO_PASSWORDS["company"])
    journey.snap("home")

    # The profile: a new sentence in the journey's language, seen on the profile after saving.
    page.locator("main a[href^='/companies/0']").first.click()  # the home page's link to our profile
    journey.snap("company-profile")
    page.get_by_role("link", name=journey.t("Edit profile")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(journey.t("Edit profile"))
    journey.snap("profile-edit")
    sentence = {
        "en": "Our turbine blade test bench opened in 2026.",
        "ko": "2026년 터빈 블레이드 시험 설비를 열었습니다.",
    }
    description = page.locator(f"textarea[name=description_{lang}]")
    description.fill(description.input_value() + " " + sentence[lang])
    page.get_by_role("button", name=journey.t("Save"), exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_text(sentence[lang])).to_be_visible()
    journey.snap("profile-saved")

    # A product: a new platform named, then a photo.
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(journey.t("Edit profile"))
    page.locator("main a[href^='/products/']").first.click()
    product_title = page.get_by_role("heading", level=1).inner_text()
    journey.snap("product")
    page.get_by_role("link", name=journey.t("Edit product")).click()
    journey.snap("product-edit")
    platform = {"en": "KF-21 trainer", "ko": "KF-21 훈련기"}[lang]
    page.locator(f"input[name=platforms_{lang}]").fill(platform)
    page.get_by_role("button", name=journey.t("Save"), exact=True).click()
    expect(page.get_by_text(platform)).to_be_visible()
    journey.snap("product-saved")
    page.get_by_role("link", name=journey.t("Photos"), exact=True).click()
    journey.snap("product-photos")
    page.locator("input[name=image]").set_input_files(photo_png())
    page.locator("input[name=caption]").fill("Test bench")
    page.get_by_role("button", name=journey.t("Upload")).click()
    expect(page.get_by_role("img", name="Test bench")).to_be_visible()
    journey.snap("product-photo-added")

    # A wish-list proposal in the open round, drafted then submitted to KDIA.
    journey.open("/wishlists/", "wishlists")
    page.locator("main tr", has_text=OPEN_ROUND_PROGRAMME).get_by_role("link").first.click()
    journey.snap("round")
    page.get_by_role("link", name=journey.t("Draft a proposal")).click()
    journey.snap("proposal-form")
    title = f"Turbine blade test bench sharing ({lang})"
    page.locator("select[name=offset_field]").select_option(index=1)
    page.locator("select[name=offset_type]").select_option(value="direct_defence")
    page.locator("input[name=title_en]").fill(title)
    page.locator("textarea[name=description_en]").fill(
        "Shared use of our blade test bench for the UAV engine."
    )
    page.locator("input[name=estimated_value]").fill("750000")
    page.locator("input[name=currency]").fill("USD")
    page.get_by_role("checkbox", name=product_title).check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    journey.snap("proposal-draft")
    page.get_by_role("button", name=journey.t("Submit to KDIA")).click()
    expect(page.locator("main")).to_contain_text(journey.t("Submitted"))
    journey.snap("proposal-submitted")

    # KDIA returns it with a reason.
    journey.sign_out()
    journey.sign_in(KDIA_OFFICER, DEMO_PASSWORDS["kdia"], staff=True)
    journey.open("/wishlists/proposals/", "kdia-proposals")
    page.locator("main tr", has_text=title).get_by_role("link").first.click()
    journey.snap("kdia-proposal")
    review = page.locator("form[action*='/review/']")
    review.get_by_role("radio", name=journey.t("Return for revision")).check()
    review.locator("select[name=reason_code]").select_option(value="value")
    review.locator("textarea[name=comment]").fill("Please give the expected annual quantity.")
    review.get_by_role("button", name=journey.t("Record the decision")).click()
    expect(page.locator("main")).to_contain_text(journey.t("Returned for revision"))
    journey.snap("kdia-decided")

    # The company sees the decision and the reason.
    journey.sign_out()
    journey.sign_in(SOLBARAM_ADMIN, DEMO_PASSWORDS["company"])
    journey.open("/notifications/", "notifications")
    open_my_proposal(journey, title)
    decision = page.get_by_role("status").filter(has_text=journey.t("KDIA's decision:"))
    expect(decision).to_contain_text(journey.t("Value or currency to be checked"))
    expect(decision).to_contain_text("Please give the expected annual quantity.")
    journey.snap("decision-seen")


@pytest.mark.parametrize("lang", LANGS)
def test_kdia_compiles_the_package_and_dapa_acknowledges_it(journey, lang):
    page = journey.page
    page.goto("/")
    journey.switch_language()
    journey.sign_in(KDIA_OFFICER, DEMO_PASSWORDS["kdia"], staff=True)
    journey.snap("home")

    journey.open("/wishlists/", "wishlists")
    page.locator("main tr", has_text=OPEN_ROUND_PROGRAMME).get_by_role("link").first.click()
    round_url = page.url
    journey.snap("round")

    # Accept the submitted proposal (the demo has one waiting).
    page.get_by_role("link", name=journey.t("Submitted"), exact=True).click()
    page.locator("main tr", has_text=SUBMITTED_PROPOSAL).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SUBMITTED_PROPOSAL)
    journey.snap("proposal")
    review = page.locator("form[action*='/review/']")
    review.get_by_role("radio", name=journey.t("Accept")).check()
    review.locator("textarea[name=comment]").fill("A good fit for field 1.")
    review.get_by_role("button", name=journey.t("Record the decision")).click()
    expect(page.get_by_role("status").filter(has_text="A good fit for field 1.")).to_be_visible()
    journey.snap("proposal-accepted")

    # Compile the accepted proposals into a package and submit it.
    page.goto(round_url)
    page.get_by_role("button", name=journey.t("Compile the accepted proposals")).click()
    expect(page.get_by_role("button", name=journey.t("Submit to DAPA"))).to_be_visible()
    expect(page.locator("main")).to_contain_text(SUBMITTED_PROPOSAL)
    package_url = page.url
    journey.snap("package")
    xlsx = journey.download(page.get_by_role("link", name="XLSX", exact=True), "package")
    assert xlsx.read_bytes()[:2] == b"PK"
    page.get_by_role("button", name=journey.t("Submit to DAPA")).click()
    expect(page.get_by_role("button", name=journey.t("Submit to DAPA"))).to_have_count(0)
    journey.snap("package-submitted")

    # DAPA acknowledges receipt.
    journey.sign_out()
    journey.sign_in(DAPA_OFFICER, DEMO_PASSWORDS["dapa"], staff=True)
    journey.open("/wishlists/packages/", "dapa-packages")
    page.goto(package_url)
    journey.snap("dapa-package")
    acknowledgement = page.locator("form[action*='acknowledge']")
    note = acknowledgement.locator("textarea, input[type=text]").first
    if note.count():
        note.fill("Received for the offset committee of next month.")
    acknowledgement.get_by_role("button", name=journey.t("Acknowledge receipt")).click()
    expect(page.locator("form[action*='acknowledge']")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(journey.t("Acknowledged"))
    journey.snap("dapa-acknowledged")
