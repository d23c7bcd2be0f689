"""Journey 6: KDIA runs a consultation day: the event and its grid, registration, a meeting request
and its answer, the scheduler, published agendas and the agenda download."""

import datetime

import pytest
from playwright.sync_api import expect

from browser_tests.journey import DEMO_PASSWORDS

LANGS = ["ko", "en"]
KDIA_OFFICER = "kdia.officer@demo.k-offset.invalid"
COMPANY = "ceo.solbaram@demo.k-offset.invalid"
CONTRACTOR = "buyer.northwind@demo.k-offset.invalid"


@pytest.mark.parametrize("lang", LANGS)
def test_kdia_runs_a_consultation_day(journey, lang):
    page = journey.page
    page.goto("/")
    journey.switch_language()
    title = f"Helicopter offset consultation day ({lang})"
    day = datetime.date.today() + datetime.timedelta(days=21)

    # KDIA sets up the event, its slots and tables and its contractor, and opens registration.
    journey.sign_in(KDIA_OFFICER, DEMO_PASSWORDS["kdia"], staff=True)
    journey.open("/staff/events/", "kdia-events")
    journey.open("/staff/events/new/", "event-form")
    form = page.locator("main form").first
    form.locator("input[name=title_en]").fill(title)
    form.locator("select[name=kind]").select_option(index=0)
    form.locator("input[name=venue_en]").fill("Defence Industry Hall, Seoul")
    form.locator("input[name=starts_at]").fill(f"{day.isoformat()}T09:00")
    form.locator("input[name=ends_at]").fill(f"{day.isoformat()}T17:00")
    form.locator("input[name=manual_check]").uncheck()
    form.locator("input[name=capacity]").fill("20")
    form.locator("button[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    event_path = page.url.removeprefix(page.url.split("/staff/")[0])
    journey.snap("event-overview")

    page.get_by_role("link", name=journey.t("Slots and tables")).click()
    grid = page.locator("main form").first
    grid.locator("input[name=day]").fill(day.isoformat())
    grid.locator("input[name=first]").fill("10:00")
    grid.locator("input[name=count]").fill("4")
    grid.locator("input[name=tables]").fill("2")
    grid.get_by_role("button", name=journey.t("Generate")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    journey.snap("event-grid")

    page.get_by_role("link", name=journey.t("Contractors")).click()
    adding = page.locator("main form:has(select[name=organization])")
    adding.locator("select[name=organization]").select_option(label="Northwind Aerosystems")
    adding.get_by_role("button", name=journey.t("Add")).click()
    expect(page.locator("main")).to_contain_text("Northwind Aerosystems")
    journey.snap("event-contractors")

    page.get_by_role("link", name=journey.t("Overview")).click()
    page.get_by_role("button", name=journey.t("Open registration")).click()
    expect(page.get_by_role("button", name=journey.t("Close registration"))).to_be_visible()
    journey.snap("registration-open")
    event_id = event_path.strip("/").split("/")[-1]

    # A Korean company registers and asks Northwind for a meeting.
    journey.sign_out()
    journey.sign_in(COMPANY, DEMO_PASSWORDS["company"])
    journey.open("/events/", "events")
    journey.open(f"/events/{event_id}/", "event")
    page.get_by_role("link", name=journey.t("Register your company")).click()
    journey.snap("register-form")
    page.locator("main form input[name=products]").first.check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("link", name=journey.t("Find participants to meet"))).to_be_visible()
    journey.snap("registered")
    page.get_by_role("link", name=journey.t("Find participants to meet")).click()
    journey.snap("participants")
    page.locator("main a[href*='/requests/new/']").first.click()
    journey.snap("request-form")
    page.locator("textarea[name=reason]").fill("Machined gearbox housings for the helicopter programme.")
    page.get_by_role("button", name=journey.t("Send the request")).click()
    expect(page.locator("main")).to_contain_text("Machined gearbox housings")
    journey.snap("request-sent")

    # Northwind accepts.
    journey.sign_out()
    journey.sign_in(CONTRACTOR, DEMO_PASSWORDS["contractor"])
    journey.open(f"/events/{event_id}/requests/", "contractor-requests")
    answer = page.locator("form[action*='/answer/']").first
    answer.locator("input[type=radio]").first.check()
    answer.get_by_role("button", name=journey.t("Answer")).click()
    expect(page.locator("form[action*='/answer/']")).to_have_count(0)
    journey.snap("request-accepted")

    # KDIA closes registration, schedules, publishes and downloads the company's agenda.
    journey.sign_out()
    journey.sign_in(KDIA_OFFICER, DEMO_PASSWORDS["kdia"], staff=True)
    journey.open(f"/staff/events/{event_id}/registrations/", "kdia-registrations")
    expect(page.locator("main")).to_contain_text(journey.t("Validated"))
    page.get_by_role("link", name=journey.t("Overview")).click()
    page.get_by_role("button", name=journey.t("Close registration")).click()
    expect(page.get_by_role("button", name=journey.t("Open registration"))).to_be_visible()
    page.get_by_role("link", name=journey.t("Schedule"), exact=True).click()
    page.locator("form[action*='/schedule/run/'] button[type=submit]").click()
    expect(page.locator("main table")).to_contain_text("Northwind Aerosystems")
    journey.snap("schedule")
    page.get_by_role("link", name=journey.t("Overview")).click()
    page.get_by_role("button", name=journey.t("Publish the agendas")).click()
    expect(page.get_by_role("button", name=journey.t("Publish the agendas"))).to_have_count(0)
    journey.snap("agendas-published")

    page.get_by_role("link", name=journey.t("Agendas")).click()
    journey.snap("agenda-index")
    page.locator("main ul a[href*='participant=']").filter(has_text="Northwind").first.click()
    expect(page.locator("main table")).to_contain_text("Machined gearbox housings")
    journey.snap("agenda")
    ics = journey.download(page.get_by_role("link", name=journey.t("Download (.ics)")), "agenda")
    calendar = ics.read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR"), calendar[:200]
    assert "BEGIN:VEVENT" in calendar
