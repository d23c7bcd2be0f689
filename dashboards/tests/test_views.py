import csv
import io

import pytest
from django.urls import reverse

from dashboards import pages
from dashboards.forms import Filters
from dashboards.tests.conftest import parse_svg, svgs_in

pytestmark = pytest.mark.django_db


def test_kdia_dashboard_shows_every_chart_with_its_table_and_csv_link(as_persona):
    response = as_persona("kdia").get(reverse("staff_dashboards:kdia"))
    assert response.status_code == 200
    html = response.content.decode()
    page = pages.kdia()
    for slug in page.datasets:
        assert reverse("staff_dashboards:kdia_csv", kwargs={"slug": slug}) in html
    charts = svgs_in(html)
    assert len(charts) >= len(page.datasets) - 1  # an empty dataset shows a sentence instead
    for markup in charts:
        parse_svg(markup)
    assert html.count("<caption>") >= len(page.datasets)
    assert ' style="' not in html


def test_dapa_dashboard_for_dapa_and_kdia_only(as_persona):
    url = reverse("staff_dashboards:dapa")
    assert as_persona("dapa").get(url).status_code == 200
    assert as_persona("kdia").get(url).status_code == 200
    assert as_persona("foreign").get(url).status_code == 403
    assert as_persona("korean_admin").get(url).status_code == 403


def test_kdia_dashboard_refuses_dapa_and_companies(as_persona):
    url = reverse("staff_dashboards:kdia")
    assert as_persona("dapa").get(url).status_code == 403
    assert as_persona("foreign").get(url).status_code == 403


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_the_same_figures_as_the_dataset(world, as_persona):
    url = reverse("staff_dashboards:dapa_csv", kwargs={"slug": "obligations-by-programme"})
    response = as_persona("dapa").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    dataset = pages.dapa().datasets["obligations-by-programme"](world.users.dapa, Filters())
    assert rows[0][0] == "Programme"
    assert len(rows) == len(dataset.rows) + 1
    for line, row in zip(rows[1:], dataset.rows, strict=True):
        assert line == [row.label, *(str(value) for value in row.values)]


def test_csv_applies_the_filters(world, as_persona):
    url = reverse("staff_dashboards:kdia_csv", kwargs={"slug": "companies-by-field"})
    rows = _rows(as_persona("kdia").get(url, {"field": "naval"}))
    assert [row[0] for row in rows[1:]] == [world.directory.published.fields.get().name]
    assert rows[1][1:] == ["1", "0"]


def test_invalid_filter_is_a_400_naming_the_field_for_csv(as_persona):
    url = reverse("staff_dashboards:kdia_csv", kwargs={"slug": "companies-by-region"})
    response = as_persona("kdia").get(url, {"year": "last year"})
    assert response.status_code == 400
    assert "year" in response.content.decode()
    response = as_persona("kdia").get(url, {"field": "no-such-field"})
    assert response.status_code == 400
    assert "field" in response.content.decode()


def test_invalid_filter_on_a_page_is_left_out_with_a_message(as_persona):
    response = as_persona("kdia").get(reverse("staff_dashboards:kdia"), {"year": "99999", "field": "x\x00"})
    assert response.status_code == 200
    assert "Filters with an invalid value were left out." in response.content.decode()
    response = as_persona("anonymous").get(
        reverse("dashboards:statistics"), {"year": ["1", "2"], "field": "'"}
    )
    assert response.status_code == 200


def test_unknown_csv_is_404(as_persona):
    url = reverse("staff_dashboards:kdia_csv", kwargs={"slug": "no-such-chart"})
    assert as_persona("kdia").get(url).status_code == 404


def test_registry_slugs_match_the_datasets(world):
    for page in (pages.kdia(), pages.dapa(), pages.public_page()):
        for slug, query in page.datasets.items():
            assert query(world.users.kdia, Filters()).slug == slug


def test_statistics_page_is_public(as_persona):
    response = as_persona("anonymous").get(reverse("dashboards:statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "SME share" in html
    for slug in pages.public_page().datasets:
        assert reverse("dashboards:statistics_csv", kwargs={"slug": slug}) in html
    # Nothing about a single contractor reaches the public page.
    assert "Westmark" not in html and "Eastgate" not in html
    csv_url = reverse("dashboards:statistics_csv", kwargs={"slug": "obligations-by-year"})
    assert as_persona("anonymous").get(csv_url).status_code == 200
