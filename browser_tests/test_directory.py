"""Journeys 1 and 2: a guest finds a Korean-only profile from English words; a foreign contractor
filters, compares, shortlists and exports."""

import csv
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from browser_tests.journey import DEMO_PASSWORDS

LANGS = ["ko", "en"]
GAEUL = "가을빛복합소재"  # the demo company that wrote its profile in Korean only


@pytest.mark.parametrize("lang", LANGS)
def test_guest_finds_a_korean_only_profile_from_english_words(journey, lang):
    page = journey.page
    journey.open("/", "home")
    journey.switch_language()
    journey.open("/companies/", "directory")

    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill("carbon fiber composite")
    search.get_by_role("button", name=journey.t("Search")).click()
    first_result = page.locator("#results article").first
    # The first search of a fresh server loads the search models: allow for it.
    expect(first_result.get_by_role("heading")).to_contain_text(GAEUL, timeout=90_000)
    journey.snap("search-results")

    first_result.get_by_role("link", name=GAEUL).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(GAEUL)
    expect(page.get_by_text("탄소섬유 복합재로 항공기 구조물과 레이돔을").first).to_be_visible()
    journey.snap("company")

    page.get_by_role("link", name="레이돔", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("레이돔")
    expect(page.get_by_text("석영섬유/에폭시")).to_be_visible()
    journey.snap("product")


@pytest.mark.parametrize("lang", LANGS)
def test_contractor_compares_shortlists_and_exports(journey, lang):
    page = journey.page
    page.goto("/")
    journey.switch_language()
    journey.sign_in("buyer.northwind@demo.k-offset.invalid", DEMO_PASSWORDS["contractor"])
    journey.snap("home")

    journey.open("/companies/", "directory")
    count = page.locator("#results [role=status]").first
    everyone = count.inner_text()
    # Ticking a facet narrows the list in place (htmx) and puts the filter in the address.
    page.locator("#filters input[name=field][value=aircraft_guided]").check()
    expect(page).to_have_url(re.compile(r"field=aircraft_guided"))
    expect(count).not_to_have_text(everyone)
    journey.snap("directory-filtered")

    articles = page.locator("#results article")
    names = [
        articles.nth(index).get_by_role("heading").get_by_role("link").inner_text() for index in range(3)
    ]
    for index in range(3):
        articles.nth(index).get_by_role("checkbox").check()
    page.get_by_role("button", name=journey.t("Compare selected (up to 4)")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.t("Compare companies"))
    table = page.locator("table.compare-table")
    for name in names:
        expect(table.locator("thead")).to_contain_text(name)
    journey.snap("compare")

    # The first one goes to a new shortlist, the second one joins it.
    shortlist_row = table.locator("tr", has=page.locator("select[name=shortlist]"))
    first_cell, second_cell = shortlist_row.locator("td").nth(0), shortlist_row.locator("td").nth(1)
    first_cell.locator("select").select_option(value="")
    first_cell.get_by_role("button", name=journey.t("Add to shortlist")).click()
    expect(page.locator(".alert-success")).to_contain_text(names[0])
    new_shortlist = first_cell.locator("select option").first.inner_text()
    second_cell.locator("select").select_option(label=new_shortlist)
    second_cell.get_by_role("button", name=journey.t("Add to shortlist")).click()
    expect(page.locator(".alert-success")).to_contain_text(names[1])
    journey.snap("compare-shortlisted")

    journey.open("/shortlists/", "shortlists")
    page.get_by_role("link", name=new_shortlist, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(new_shortlist)
    entries = page.locator("main article")
    expect(entries).to_have_count(2)
    journey.snap("shortlist")

    csv_file = journey.download(page.get_by_role("link", name="CSV", exact=True), "shortlist")
    with csv_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    exported = "\n".join(",".join(row) for row in rows)
    assert len(rows) == 3, rows
    for name in names[:2]:
        assert name in exported
    xlsx_file = journey.download(page.get_by_role("link", name="XLSX", exact=True), "shortlist")
    sheet = openpyxl.load_workbook(xlsx_file, read_only=True).active
    cells = "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value)
    for name in names[:2]:
        assert name in cells
